import AlarmEngine
import Foundation
import PDMConfig
@testable import PDMRuntime
import Prognostics
import Testing

/// Input that once crashed pdm or corrupted a channel: each is refused with a reason, and the
/// channel goes on as before.
@Suite("Hostile input")
struct HostileInputTests {
    static let yaml = """
        broker: {host: 127.0.0.1, port: 1883}
        subscriptions:
          - topic: plant/{asset}/{channel}
        rules:
          - {name: vib-high, channel: v, above: 40}
        """
    /// A time in the plausible range, as a receive time.
    static let now = 1_800_000_000.0

    func pipeline(models: Bool = true) throws -> IngestPipeline {
        let configuration = try PDMConfiguration.parse(yaml: Self.yaml, file: "test.yaml", environment: [:])
        let library = ModelLibrary(entries: models ? [.init(path: "pump.json", model: ModelLibraryTests.model)] : [])
        // With the feature history `pdm run` keeps, so hostile readings reach its buckets too.
        return IngestPipeline(configuration: configuration, models: library, featureBucket: configuration.featureBucket)
    }

    func rejections(_ outputs: [IngestPipeline.Output]) -> [ReadingError] {
        outputs.compactMap { if case .rejected(let error) = $0 { return error } else { return nil } }
    }

    func readings(_ outputs: [IngestPipeline.Output]) -> [Reading] {
        outputs.compactMap { if case .reading(let reading) = $0 { return reading } else { return nil } }
    }

    func send(_ pipeline: inout IngestPipeline, _ json: String, topic: String = "plant/pump-1/v",
              receivedAt: Double = now) -> [IngestPipeline.Output] {
        pipeline.handle(topic: topic, payload: Array(json.utf8), receivedAt: receivedAt)
    }

    @Test("after a normal reading on a model channel, absurd timestamps are refused, never a trap",
          arguments: ["1e23", "1e308", "-1e308", "1e12", "1e15", "1e18", "0", "-5", "946684799", "4102444800"])
    func absurdTimestamps(ts: String) throws {
        var pipeline = try pipeline()
        #expect(readings(send(&pipeline, #"{"ts":1800000000,"value":2.0}"#)).count == 1)
        let outputs = send(&pipeline, #"{"ts":\#(ts),"value":2.0}"#)
        #expect(readings(outputs).isEmpty)
        #expect(rejections(outputs).map(\.reason) == ["timestamp_out_of_range"], "\(outputs)")
        let block = WaveformBlock(asset: "pump-1", channel: "a", time: Double(ts) ?? 0, sampleRate: 1000,
                                  samples: [Float](repeating: 0.5, count: 64))
        let waveform = pipeline.handle(topic: "plant/pump-1/a", payload: block.binaryPayload(), receivedAt: Self.now)
        #expect(rejections(waveform).map(\.reason) == ["timestamp_out_of_range"])
        // The channel goes on.
        #expect(readings(send(&pipeline, #"{"ts":1800000001,"value":2.5}"#)).count == 1)
    }

    @Test("times out of range are refused in every format: ISO 8601, Neuron milliseconds")
    func otherFormats() throws {
        var pipeline = try pipeline()
        let iso = send(&pipeline, #"{"ts":"1999-12-31T23:59:59Z","value":2.0}"#)
        #expect(rejections(iso).map(\.reason) == ["timestamp_out_of_range"])
        for stamp in ["1e18", "946684799000", "4102444800000"] {
            let upload = send(&pipeline, #"{"node":"n","group":"g","timestamp":\#(stamp),"values":{"v":2}}"#,
                              topic: "plant/pump-1/all")
            #expect(rejections(upload).map(\.reason) == ["timestamp_out_of_range"], "\(stamp)")
        }
        let upload = send(&pipeline, #"{"node":"n","group":"g","timestamp":1800000000000,"values":{"v":2}}"#,
                          topic: "plant/pump-1/all")
        #expect(readings(upload).map(\.time) == [1_800_000_000])
    }

    @Test("the step aggregator refuses a reading too far from its origin to number its step")
    func aggregatorBounds() {
        var aggregator = StepAggregator(channels: 1, step: 1e-300)
        if case .failure = aggregator.add(channel: 0, time: 1_800_000_000, value: 1) { Issue.record("the first reading is taken") }
        if case .failure(.outOfRange) = aggregator.add(channel: 0, time: 1_800_000_001, value: 1) {} else {
            Issue.record("a step index beyond Int is refused")
        }
        if case .success = aggregator.add(channel: 0, time: 1_800_000_000, value: 2) {} else {
            Issue.record("the open step still takes readings")
        }
    }

    @Test("a reading from a clock set days ahead is refused as future and does not make later readings late")
    func futureReading() throws {
        var pipeline = try pipeline(models: false)
        #expect(readings(send(&pipeline, #"{"ts":\#(Self.now),"value":2.0}"#)).count == 1)
        let ahead = send(&pipeline, #"{"ts":\#(Self.now + 11 * 86_400),"value":2.0}"#, receivedAt: Self.now + 1)
        #expect(rejections(ahead).map(\.reason) == ["future"])
        #expect(rejections(ahead).first?.description.contains("ingest.max_future") == true)
        // Within the allowance (5 minutes by default): taken.
        #expect(readings(send(&pipeline, #"{"ts":\#(Self.now + 200),"value":2.0}"#, receivedAt: Self.now + 2)).count == 1)
        let next = send(&pipeline, #"{"ts":\#(Self.now + 201),"value":3.0}"#, receivedAt: Self.now + 3)
        #expect(readings(next).count == 1, "not late: the future reading never became the newest time")
        // Readings without ts take the arrival time, which is never in the future.
        #expect(readings(send(&pipeline, #"{"value":3.0}"#, receivedAt: Self.now + 205)).count == 1)
    }

    @Test("ingest.max_future is a duration setting")
    func maxFutureSetting() throws {
        let configuration = try PDMConfiguration.parse(yaml: Self.yaml + "\ningest: {max_future: 30s}\n", file: "t.yaml",
                                                       environment: [:])
        #expect(configuration.ingest.maxFuture == 30)
        #expect(throws: ConfigurationError.self) {
            try PDMConfiguration.parse(yaml: Self.yaml + "\ningest: {max_future: -1}\n", file: "t.yaml", environment: [:])
        }
    }

    @Test("numbers must be JSON numbers", arguments: [#"{"value": 01.5}"#, #"{"value": +1}"#, #"{"value": .5}"#,
                                                      #"{"value": 1.}"#, #"{"ts": 01800000000, "value": 1}"#,
                                                      #"{"value": 1e400}"#, #"{"value": 0x10}"#])
    func strictNumbers(json: String) throws {
        var pipeline = try pipeline(models: false)
        let outputs = send(&pipeline, json)
        #expect(readings(outputs).isEmpty, "\(json) is refused")
        #expect(rejections(outputs).first?.reason == "malformed_payload", "\(outputs)")
    }

    @Test("valid JSON numbers are read", arguments: [(#"{"value": -0}"#, 0.0), (#"{"value": 1E2}"#, 100),
                                                     (#"{"value": 0.25e-1}"#, 0.025), (#"{"value": -12.5}"#, -12.5)])
    func jsonNumbers(json: String, value: Double) throws {
        var pipeline = try pipeline(models: false)
        #expect(readings(send(&pipeline, json)).map(\.value) == [value])
    }

    @Test("waveform sample rates outside 1 Hz…10 MHz are refused", arguments: [1e300, 1e-300, 0.5, 2e7])
    func sampleRates(rate: Double) throws {
        var pipeline = try pipeline(models: false)
        let block = WaveformBlock(asset: "pump-1", channel: "a", time: Self.now, sampleRate: rate,
                                  samples: [Float](repeating: 0.5, count: 64))
        let binary = pipeline.handle(topic: "plant/pump-1/a", payload: block.binaryPayload(), receivedAt: Self.now)
        #expect(rejections(binary).map(\.reason) == ["invalid_value"], "\(binary)")
        let json = send(&pipeline, #"{"ts":\#(Self.now),"fs":\#(rate),"samples":[0.1,0.2,0.3]}"#, topic: "plant/pump-1/a")
        #expect(rejections(json).map(\.reason) == ["invalid_value"], "\(json)")
    }

    @Test("a replayed history row whose time cannot be placed in a time step is refused by the model, never a trap")
    func replayTimes() throws {
        var pipeline = try pipeline()
        #expect(readings(pipeline.ingest(Reading(asset: "pump-1", channel: "v", time: 1, value: 2), source: "history.csv:2")).count == 1)
        let outputs = pipeline.ingest(Reading(asset: "pump-1", channel: "v", time: 1e23, value: 2), source: "history.csv:3")
        #expect(rejections(outputs).map(\.reason) == ["model_invalid_time"], "\(outputs)")
    }

    @Test("durations in commands and configuration are bounded, so no timer arithmetic overflows")
    func durations() {
        #expect(DurationText.seconds("1e300") == nil)
        #expect(DurationText.seconds("1e300d") == nil)
        #expect(DurationText.seconds("100d") == 8_640_000)
        let error = AlarmCommandError.shelveTooLong(AlarmKey(asset: "a", rule: "r"), requested: 1e300, maximum: 86_400)
        #expect(error.description.contains("at most 86400 s"))
    }
}

@Suite("Hostile values")
struct HostileValueTests {
    @Test("extreme finite values on a model channel, and a shelve until 1e308: no trap, the channel goes on", arguments: [
        "1e308", "-1e308", "-0", "4.9e-324", "1.7976931348623157e308",
    ])
    func extremeValues(value: String) throws {
        var pipeline = try HostileInputTests().pipeline()
        let now = HostileInputTests.now
        for (offset, text) in ["2.0", value, value, "2.5"].enumerated() {
            _ = pipeline.handle(topic: "plant/pump-1/v", payload: Array(#"{"ts":\#(now + Double(offset)),"value":\#(text)}"#.utf8),
                                receivedAt: now + 10)
        }
        let outputs = pipeline.handle(topic: "plant/pump-1/v", payload: Array(#"{"ts":\#(now + 5),"value":3.0}"#.utf8),
                                      receivedAt: now + 10)
        #expect(outputs.contains { if case .reading = $0 { true } else { false } }, "the channel still takes readings: \(outputs)")
        let key = AlarmKey(asset: "pump-1", rule: "vib-high")
        _ = try? pipeline.apply(.shelve(key, user: "op", until: 1e308, reason: "x"), now: now + 11)
        _ = pipeline.tick(now: now + 12)
        // The feature history summarises them in finite numbers (a sum of two near the largest
        // double would not be).
        let buckets = pipeline.takeFeatureBuckets(flushing: true)
        #expect(buckets.map(\.bucket.count) == [5])
        for entry in buckets {
            let bucket = entry.bucket
            let finite = [bucket.mean, bucket.minimum, bucket.maximum, bucket.last].allSatisfy { $0.isFinite }
            #expect(finite, "\(bucket)")
            #expect(bucket.minimum <= bucket.mean && bucket.mean <= bucket.maximum, "\(bucket)")
        }
    }
}
