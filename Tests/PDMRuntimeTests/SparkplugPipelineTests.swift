import AlarmEngine
import PDMConfig
@testable import PDMRuntime
import FuzzTargets
import Sparkplug
import Testing

/// Sparkplug B messages through the ingest pipeline: the edge node's sessions, the mapping to
/// assets and channels, and stale data as a loss of communication.
@Suite("Sparkplug through the pipeline")
struct SparkplugPipelineTests {
    static let now = 1_800_000_000.0

    static func pipeline(_ extra: String = "") throws -> IngestPipeline {
        let yaml = """
            broker: {host: 127.0.0.1, port: 1883}
            sparkplug: {group: plant, rebirth_interval: 5s\(extra)}
            rules:
              - {name: temp-high, channel: temp, above: 90, deadband: 5}
              - {name: comm-lost, communication_lost: true, priority: high}
            """
        return IngestPipeline(configuration: try PDMConfiguration.parse(yaml: yaml, file: "t.yaml", environment: [:]))
    }

    static func data(seq: UInt64, temp: Double) -> [UInt8] {
        SparkplugSeeds.payload(seq: seq, [SparkplugSeeds.metric(nil, alias: 2, double: temp)])
    }

    /// The NDEATH of the seeds' node (bdSeq 1, as its birth).
    static var death: [UInt8] {
        var death = SparkplugPayload()
        var bdSeq = SparkplugMetric()
        bdSeq.name = "bdSeq"
        bdSeq.longValue = 1
        death.metrics = [bdSeq]
        return death.encoded()
    }

    static func feed(_ pipeline: inout IngestPipeline, _ topic: String, _ payload: [UInt8], at offset: Double = 0)
        -> [IngestPipeline.Output] {
        pipeline.handle(topic: topic, payload: payload, receivedAt: now + offset)
    }

    static func readings(_ outputs: [IngestPipeline.Output]) -> [Reading] {
        outputs.compactMap { if case .reading(let reading) = $0 { reading } else { nil } }
    }

    static func state(_ pipeline: IngestPipeline, _ asset: String, _ rule: String) -> AlarmState? {
        pipeline.alarms.alarm(AlarmKey(asset: asset, rule: rule))?.state
    }

    @Test func birthsAndDataBecomeReadingsOfTheDeviceAsAsset() throws {
        var pipeline = try Self.pipeline()
        var outputs: [IngestPipeline.Output] = []
        for (topic, payload) in SparkplugSeeds.births { outputs += Self.feed(&pipeline, topic, payload) }
        #expect(Self.readings(outputs).map { "\($0.asset)/\($0.channel)=\($0.value)" } == ["gw1/supply=24.0", "pump-1/temp=60.0", "pump-1/vib=2.0"])
        let data = Self.feed(&pipeline, "spBv1.0/plant/DDATA/gw1/pump-1", Self.data(seq: 2, temp: 95), at: 1)
        #expect(Self.readings(data).map(\.value) == [95])
        #expect(Self.state(pipeline, "pump-1", "temp-high") == .unacknowledged)
    }

    @Test func theAssetAndChannelFollowTheConfiguredRule() throws {
        var pipeline = try Self.pipeline(#", asset: "{node}-{device}", channel: "sp.{metric}""#)
        var outputs: [IngestPipeline.Output] = []
        for (topic, payload) in SparkplugSeeds.births { outputs += Self.feed(&pipeline, topic, payload) }
        #expect(Self.readings(outputs).map { "\($0.asset)/\($0.channel)" } == ["gw1-gw1/sp.supply", "gw1-pump-1/sp.temp", "gw1-pump-1/sp.vib"])
    }

    @Test func aNodeDeathRaisesCommunicationLostWithoutClearingAndARebirthRestores() throws {
        var pipeline = try Self.pipeline()
        for (topic, payload) in SparkplugSeeds.births { _ = Self.feed(&pipeline, topic, payload) }
        _ = Self.feed(&pipeline, "spBv1.0/plant/DDATA/gw1/pump-1", Self.data(seq: 2, temp: 95), at: 1)
        #expect(Self.state(pipeline, "pump-1", "temp-high") == .unacknowledged)

        _ = Self.feed(&pipeline, "spBv1.0/plant/NDEATH/gw1", Self.death, at: 2)
        #expect(Self.state(pipeline, "pump-1", "comm-lost") == .unacknowledged)
        #expect(Self.state(pipeline, "gw1", "comm-lost") == .unacknowledged, "the node's own metrics are stale too")
        #expect(pipeline.alarms.alarm(AlarmKey(asset: "pump-1", rule: "temp-high"))?.conditionActive == true,
                "the stale value alarm is not cleared")
        #expect(Self.state(pipeline, "pump-1", "temp-high") == .suppressed)
        // Time passing changes nothing.
        _ = pipeline.tick(now: Self.now + 600)
        #expect(Self.state(pipeline, "pump-1", "comm-lost") == .unacknowledged)

        // The node is born again, then its device: fresh values restore communication.
        for (topic, payload) in SparkplugSeeds.births { _ = Self.feed(&pipeline, topic, payload, at: 700) }
        #expect(pipeline.alarms.alarm(AlarmKey(asset: "pump-1", rule: "comm-lost"))?.conditionActive == false)
        #expect(Self.state(pipeline, "pump-1", "temp-high") != .suppressed)
        #expect(pipeline.alarms.alarm(AlarmKey(asset: "pump-1", rule: "temp-high"))?.conditionActive == false,
                "the fresh value (60) judges the value alarm again")
    }

    @Test func communicationLostIsARuleOfAnAssetClass() throws {
        let yaml = """
            broker: {host: 127.0.0.1, port: 1883}
            sparkplug: {group: plant}
            asset_classes:
              pump:
                rules:
                  - {name: link-lost, communication_lost: true, priority: high}
            assets:
              - {match: "pump-*", class: pump}
            """
        var pipeline = IngestPipeline(configuration: try PDMConfiguration.parse(yaml: yaml, file: "t.yaml", environment: [:]))
        for (topic, payload) in SparkplugSeeds.births { _ = Self.feed(&pipeline, topic, payload) }
        _ = Self.feed(&pipeline, "spBv1.0/plant/NDEATH/gw1", Self.death, at: 2)
        #expect(Self.state(pipeline, "pump-1", "link-lost") == .unacknowledged, "the pump class watches its link")
        #expect(Self.state(pipeline, "gw1", "link-lost") == nil, "the gateway is of no class with the rule")
    }

    @Test func aSequenceGapPublishesARebirthRequest() throws {
        var pipeline = try Self.pipeline()
        for (topic, payload) in SparkplugSeeds.births { _ = Self.feed(&pipeline, topic, payload) }
        let outputs = Self.feed(&pipeline, "spBv1.0/plant/DDATA/gw1/pump-1", Self.data(seq: 9, temp: 61), at: 1)
        let commands = outputs.compactMap { if case .sparkplugCommand(let topic, _) = $0 { topic } else { nil } }
        #expect(commands == ["spBv1.0/plant/NCMD/gw1"])
        let reasons = outputs.compactMap { if case .rejected(let error) = $0 { error.reason } else { nil } }
        #expect(reasons == ["sparkplug_sequence_gap"])
        #expect(Self.readings(outputs).count == 1)
    }

    @Test func malformedProtobufIsRejectedWithAReason() throws {
        var pipeline = try Self.pipeline()
        let outputs = Self.feed(&pipeline, "spBv1.0/plant/NBIRTH/gw1", [0x0A, 0xFF, 0xFF])
        let reasons = outputs.compactMap { if case .rejected(let error) = $0 { error.reason } else { nil } }
        #expect(reasons == ["sparkplug_malformed"])
    }

    @Test func aStaleChannelIsLeftOutOfTheModelUntilFresh() throws {
        var pipeline = try Self.pipeline()
        pipeline.markStale(asset: "pump-1", channel: "temp")
        #expect(pipeline.staleChannels.count == 1)
        for (topic, payload) in SparkplugSeeds.births { _ = Self.feed(&pipeline, topic, payload) }
        #expect(pipeline.staleChannels.isEmpty, "a fresh reading ends it")
    }
}

extension SparkplugPipelineTests {
    @Test func pdmsOwnEdgeNodeIsNotReadBack() throws {
        var pipeline = try Self.pipeline(", publish: {group: plant, node: gw1}")
        var outputs: [IngestPipeline.Output] = []
        for (topic, payload) in SparkplugSeeds.births { outputs += Self.feed(&pipeline, topic, payload) }
        #expect(outputs.isEmpty, "messages of pdm's own node in a group it reads are not readings: \(outputs)")
    }
}
