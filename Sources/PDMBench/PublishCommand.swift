import ArgumentParser
import Foundation
import Logging
import MQTTClient
import MQTTCodec

/// Publishes `count` small JSON readings, keeping up to `window` unacknowledged at a time.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "publish")

    @OptionGroup var broker: BrokerOptions
    @Option(help: "Topic.") var topic: String
    @Option(help: "QoS.") var qos = 1
    @Option(help: "Messages to publish.") var count = 100_000
    @Option(help: "Publications in flight at once.") var window = 256
    @Option(help: "Plant mode: assets, each publishing every channel once per second (topic <topic>/<asset>/<channel>).")
    var assets = 0
    @Option(help: "Plant mode: channels per asset.") var channels = 3
    @Option(help: "Plant mode: readings per second of each channel.") var hz = 1.0
    @Option(help: "Plant mode: seconds to run.") var seconds = 300.0
    @Option(help: "Plant mode: publish this many readings as fast as the broker takes them instead (0: paced for --seconds).")
    var readings = 0

    func run() async throws {
        if assets > 0 { return try await plant() }
        var logger = Logger(label: "pdm-bench")
        logger.logLevel = .warning
        let client = MQTTClient(configuration: broker.configuration(cleanStart: true), logger: logger)
        let runner = Task { try await client.run() }
        let level = MQTTQoS(rawValue: UInt8(qos)) ?? .atLeastOnce
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                if index >= window { try await group.next() }
                let payload = Array(#"{"ts":\#(1_700_000_000 + index),"value":\#(Double(index % 1000) / 10)}"#.utf8)
                group.addTask { try await client.publish(topic: topic, payload: payload, qos: level) }
            }
            try await group.waitForAll()
        }
        client.shutdown()
        _ = try? await runner.value
        print("published \(count)")
    }

    /// `assets` × `channels` × `hz` readings per second at QoS 0, paced every 10 ms, for `seconds`; or,
    /// with `readings`, that many readings at QoS 0 as fast as the broker takes them. Each channel's
    /// values stay near a healthy machine's (velocity RMS about 1.8 mm/s, bearing at 55 °C), so the
    /// shipped rules see a plant in normal operation.
    func plant() async throws {
        var logger = Logger(label: "pdm-bench")
        logger.logLevel = .warning
        let client = MQTTClient(configuration: broker.configuration(cleanStart: true), logger: logger)
        let runner = Task { try await client.run() }
        try await client.publish(topic: topic + "/ready", payload: [], qos: .atLeastOnce)  // waits for the connection
        let names: [(name: String, level: Double, spread: Double)] = [
            ("velocity_rms", 1.8, 0.1), ("bearing_temp", 55, 0.4), ("speed", 1480, 2), ("ambient_temp", 22, 1.5),
            ("winding_temp", 70, 1),
        ]
        let channelNames = (0..<channels).map { $0 < names.count ? names[$0] : (name: "channel_\($0)", level: 20, spread: 1) }
        let assetNames = (0..<assets).map { "\(topic)/asset-\($0)/" }
        var sent = 0
        func publishNext() async throws {
            let asset = assetNames[(sent / channels) % assets]
            let channel = channelNames[sent % channels]
            let value = channel.level + channel.spread * (Double((sent &* 7919) % 1000) / 500 - 1)
            let time = Date().timeIntervalSince1970
            try await client.publish(topic: asset + channel.name, payload: Array(#"{"ts":\#(time),"value":\#(value)}"#.utf8),
                                     qos: .atMostOnce)
            sent += 1
        }
        if readings > 0 {
            while sent < readings { try await publishNext() }
            // A last acknowledged publication: everything before it has reached the broker.
            try await client.publish(topic: topic + "/ready", payload: [], qos: .atLeastOnce)
        } else {
            let perSecond = Double(assets * channels) * hz
            let start = ContinuousClock.now
            var next = start
            var tick = 0
            while ContinuousClock.now - start < .seconds(seconds) {
                let due = Int(min(perSecond * Double(tick + 1) / 100, Double(Int.max / 2)))
                while sent < due { try await publishNext() }
                tick += 1
                next += .milliseconds(10)
                try await Task.sleep(until: next, clock: .continuous)
            }
        }
        client.shutdown()
        _ = try? await runner.value
        print(readings > 0 ? "published \(sent)" : "published \(sent) in \(seconds) s")
    }
}
