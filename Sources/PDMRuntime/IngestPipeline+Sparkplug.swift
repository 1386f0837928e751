import AlarmEngine
import PDMConfig
import Sparkplug

extension IngestPipeline {
    /// Handles a message in the Sparkplug B namespace: the edge nodes' sessions decide, and their
    /// samples go through the same screening, features, models and rules as any reading.
    mutating func handleSparkplug(topic: String, payload: [UInt8], receivedAt: Double) -> [Output] {
        guard let settings = configuration.sparkplug, var host = sparkplug else { return [.rejected(.unmappedTopic(topic))] }
        // The host is taken out while its events are applied, so it is not copied per message.
        sparkplug = nil
        let events = host.handle(topic: topic, payload: payload, now: receivedAt)
        sparkplug = host
        var outputs: [Output] = []
        for event in events {
            switch event {
            case .sample(let sample):
                let source = sample.source
                let asset = settings.asset.render(group: source.group, node: source.node, device: source.device, metric: sample.metric)
                guard Self.isAssetName(asset) else {
                    outputs.append(.rejected(.unusableAsset(topic: topic, asset: asset)))
                    continue
                }
                let channel = settings.channel.render(group: source.group, node: source.node, device: source.device,
                                                      metric: sample.metric)
                guard Reading.plausibleTimes.contains(sample.time) else {
                    outputs.append(.rejected(.timestampOutOfRange(topic: topic, time: sample.time)))
                    continue
                }
                let reading = Reading(asset: asset, channel: channel, time: sample.time, value: sample.value)
                if isTimely(reading.time, asset, channel, topic, receivedAt, &outputs) {
                    // Values from the edge node's store-and-forward buffer are real but not current:
                    // they do not end a loss of communication.
                    apply(reading, topic: topic, now: receivedAt, into: &outputs, fresh: !sample.historical)
                }
            case .stale(let source, let metrics):
                var assets: [String] = []
                for metric in metrics {
                    let asset = settings.asset.render(group: source.group, node: source.node, device: source.device, metric: metric)
                    guard Self.isAssetName(asset) else { continue }
                    markStale(asset: asset, channel: settings.channel.render(group: source.group, node: source.node,
                                                                             device: source.device, metric: metric))
                    if !assets.contains(asset) { assets.append(asset) }
                }
                for asset in assets where staleAssets.insert(asset).inserted {
                    let actions = alarms.observe(.communicationLost(asset: asset), now: receivedAt)
                    if !actions.isEmpty { outputs.append(.alarms(actions)) }
                }
            case .rebirth(let node):
                let command = SparkplugCommand.rebirth(node, now: receivedAt)
                outputs.append(.sparkplugCommand(topic: command.topic, payload: command.payload))
            case .problem(let error):
                outputs.append(.rejected(.sparkplug(error)))
            }
        }
        return outputs
    }

    /// A fresh reading: its channel is no longer stale, and its asset's communication is back.
    mutating func refresh(_ reading: Reading, now: Double, into outputs: inout [Output]) {
        staleChannels.remove(ChannelKey(asset: reading.asset, channel: reading.channel))
        if staleAssets.remove(reading.asset) != nil {
            let actions = alarms.observe(.communicationRestored(asset: reading.asset), now: now)
            if !actions.isEmpty { outputs.append(.alarms(actions)) }
        }
    }

    /// pdm's own edge node, whose messages are not read back as readings.
    static func ownEdgeNode(_ settings: SparkplugSettings) -> Set<SparkplugSource> {
        settings.publish.map { [SparkplugSource(group: $0.group, node: $0.node)] } ?? []
    }

    /// Whether a name can be an asset: a single topic level without wildcards.
    static func isAssetName(_ name: String) -> Bool {
        !name.isEmpty && !name.utf8.contains { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "#") }
    }
}
