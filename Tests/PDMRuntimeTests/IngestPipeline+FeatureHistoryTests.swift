import PDMConfig
@testable import PDMRuntime
import Testing

@Suite("Ingest pipeline: feature history")
struct IngestPipelineFeatureHistoryTests {
    func pipeline(window: Int = 4, featureBucket: Double? = 60) throws -> IngestPipeline {
        IngestPipeline(configuration: try PDMConfiguration.parse(yaml: """
            broker: {host: 127.0.0.1, port: 1883}
            topics: {prefix: pdm}
            subscriptions: [{topic: "plant/{asset}/{channel}"}]
            statistics: {window: \(window)}
            """, file: "t.yaml", environment: [:]), featureBucket: featureBucket)
    }

    func read(_ pipeline: inout IngestPipeline, _ asset: String, at time: Double, _ value: Double) {
        _ = pipeline.handle(topic: "plant/\(asset)/temp", payload: Array(#"{"ts": \#(time), "value": \#(value)}"#.utf8),
                            receivedAt: time)
    }

    @Test("a bucket is taken once a reading of a later bucket arrives; the open ones at a flush")
    func bucketsCompleteAndFlush() throws {
        var pipeline = try pipeline()
        for (time, value) in [(0.0, 10.0), (30, 20), (59, 30)] { read(&pipeline, "p1", at: 1_800_000_000 + time, value) }
        read(&pipeline, "p2", at: 1_800_000_010, 5)
        #expect(pipeline.takeFeatureBuckets().isEmpty, "nothing is complete yet")
        read(&pipeline, "p1", at: 1_800_000_061, 40)
        let taken = pipeline.takeFeatureBuckets()
        #expect(taken.map(\.asset) == ["p1"])
        #expect(taken.first.map { [$0.bucket.start, Double($0.bucket.count), $0.bucket.mean, $0.bucket.minimum,
                                   $0.bucket.maximum, $0.bucket.last] } == [1_800_000_000, 3, 20, 10, 30, 30])
        #expect(pipeline.takeFeatureBuckets().isEmpty, "taken once")
        let open = pipeline.takeFeatureBuckets(flushing: true).map { "\($0.asset) \($0.bucket.start) \($0.bucket.count)" }
        #expect(open.sorted() == ["p1 1800000060.0 1", "p2 1800000000.0 1"])
    }

    @Test("new statistics settings start the statistics afresh; the open buckets carry on")
    func reconfigurationKeepsOpenBuckets() throws {
        var pipeline = try pipeline()
        read(&pipeline, "p1", at: 1_800_000_000, 10)
        read(&pipeline, "p1", at: 1_800_000_010, 20)
        pipeline.reconfigure(try self.pipeline(window: 8).configuration, now: 1_800_000_011)
        #expect(pipeline.features(asset: "p1", channel: "temp") == nil)
        read(&pipeline, "p1", at: 1_800_000_020, 30)
        #expect(pipeline.features(asset: "p1", channel: "temp")?.count == 1)
        let open = pipeline.takeFeatureBuckets(flushing: true)
        #expect(open.map(\.bucket.count) == [3], "one bucket with all three readings")
    }

    @Test("without a bucket width no history is kept")
    func noHistory() throws {
        var pipeline = try pipeline(featureBucket: nil)
        read(&pipeline, "p1", at: 1_800_000_000, 10)
        read(&pipeline, "p1", at: 1_800_000_100, 10)
        #expect(pipeline.takeFeatureBuckets(flushing: true).isEmpty)
    }
}
