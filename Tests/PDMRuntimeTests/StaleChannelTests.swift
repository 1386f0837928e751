import FuzzTargets
import PDMConfig
@testable import PDMRuntime
import Prognostics
import Testing

/// Stale channels, whatever made them stale: their last value is not carried into the models
/// until they read again.
@Suite("Stale channels")
struct StaleChannelTests {
    static let now = 1_800_000_000.0

    static func pipeline() throws -> IngestPipeline {
        let yaml = """
            broker: {host: 127.0.0.1, port: 1883}
            subscriptions: [{topic: "plant/{asset}/{channel}"}]
            rules:
              - {name: v-silent, channel: v, no_data: 60s}
            """
        let configuration = try PDMConfiguration.parse(yaml: yaml, file: "t.yaml", environment: [:])
        return IngestPipeline(configuration: configuration,
                              models: ModelLibrary(entries: [.init(path: "pump.json", model: PayloadFuzzing.model)]))
    }

    static func read(_ pipeline: inout IngestPipeline, _ topic: String, _ json: String, at time: Double) -> [IngestPipeline.Output] {
        pipeline.handle(topic: topic, payload: Array(json.utf8), receivedAt: time)
    }

    @Test func aSilentChannelIsStaleUntilItReadsAgain() throws {
        var pipeline = try Self.pipeline()
        _ = Self.read(&pipeline, "plant/pump-1/v", #"{"ts": 1800000000, "value": 2}"#, at: Self.now)
        #expect(pipeline.staleChannels.isEmpty)
        _ = pipeline.tick(now: Self.now + 61)
        #expect(pipeline.staleChannels.count == 1, "no_data made it stale")
        _ = Self.read(&pipeline, "plant/pump-1/v", #"{"ts": 1800000070, "value": 2}"#, at: Self.now + 70)
        #expect(pipeline.staleChannels.isEmpty)
    }

    @Test func aGatewayErrorMakesTheTagStale() throws {
        var pipeline = try Self.pipeline()
        _ = Self.read(&pipeline, "plant/pump-1/all",
                      #"{"node": "gw", "group": "g", "timestamp": 1800000000000, "values": {}, "errors": {"v": 2014}}"#, at: Self.now)
        #expect(pipeline.staleChannels.count == 1)
    }

    @Test func aModelStepWithAStaleChannelHasNoEstimate() {
        var prognoser = AssetPrognoser(asset: "pump-1", shared: PrognosticModel.Shared(PayloadFuzzing.model))
        func observe(_ time: Double) -> AssetPrognoser.Outcome {
            prognoser.observe(channel: "v", time: time, value: 2)
        }
        _ = observe(0)
        guard case .accepted(let first?) = observe(3600) else {
            Issue.record("a closed step with a current value gives an estimate")
            return
        }
        #expect(first.rul.isFinite || first.beyondHorizon)
        prognoser.forget(channel: "v")
        // The open step lost its reading: it closes without an estimate (its value is not carried).
        guard case .accepted(nil) = observe(3 * 3600) else {
            Issue.record("a step whose only channel went stale must not be estimated")
            return
        }
        guard case .accepted(.some) = observe(4 * 3600) else {
            Issue.record("a fresh reading brings the estimates back")
            return
        }
    }
}
