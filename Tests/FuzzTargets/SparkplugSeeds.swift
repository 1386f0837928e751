import Sparkplug

/// Sparkplug B messages of a small edge node `gw1` in group `plant` with device `pump-1`: the
/// births the fuzzer starts from, and the data its seeds vary.
package enum SparkplugSeeds {
    package static func metric(_ name: String?, alias: UInt64, double: Double? = nil, type: SparkplugDataType? = nil) -> SparkplugMetric {
        var metric = SparkplugMetric()
        if let name { metric.name = name }
        metric.alias = alias
        if let type { metric.datatype = UInt32(type.rawValue) }
        if let double { metric.doubleValue = double }
        return metric
    }

    package static func payload(seq: UInt64?, _ metrics: [SparkplugMetric]) -> [UInt8] {
        var payload = SparkplugPayload()
        payload.timestamp = 1_800_000_000_000
        if let seq { payload.seq = seq }
        payload.metrics = metrics
        return payload.encoded()
    }

    /// The node's birth (bdSeq 1) and pump-1's.
    package static let births: [(topic: String, payload: [UInt8])] = {
        var bdSeq = SparkplugMetric()
        bdSeq.name = "bdSeq"
        bdSeq.datatype = UInt32(SparkplugDataType.int64.rawValue)
        bdSeq.longValue = 1
        return [
            ("spBv1.0/plant/NBIRTH/gw1", payload(seq: 0, [bdSeq, metric("supply", alias: 1, double: 24, type: .double)])),
            ("spBv1.0/plant/DBIRTH/gw1/pump-1", payload(seq: 1, [metric("temp", alias: 2, double: 60, type: .double),
                                                                metric("vib", alias: 3, double: 2, type: .double)])),
        ]
    }()

    /// Seeds for the fuzzer (first byte: the message type's index in its topic list).
    package static let seeds: [String: [UInt8]] = [
        "ndata": [0] + payload(seq: 2, [metric(nil, alias: 1, double: 23.9)]),
        "ddata": [1] + payload(seq: 2, [metric(nil, alias: 2, double: 95), metric(nil, alias: 3, double: 2.5)]),
        "ddeath-then-data": [3] + payload(seq: 2, []) + [0xFF, 0xFE, 1] + payload(seq: 3, [metric(nil, alias: 2, double: 61)]),
        "ndeath-rebirth": [4] + payload(seq: nil, []) + [0xFF, 0xFE, 5] + births[0].payload,
    ]
}
