import Sparkplug
import Testing

/// Payloads as an edge node sends them.
enum EdgeNode {
    static func metric(_ name: String?, alias: UInt64? = nil, double: Double? = nil, int: UInt32? = nil,
                       type: SparkplugDataType? = nil, time: UInt64? = nil) -> SparkplugMetric {
        var metric = SparkplugMetric()
        if let name { metric.name = name }
        if let alias { metric.alias = alias }
        if let type { metric.datatype = UInt32(type.rawValue) }
        if let double { metric.doubleValue = double }
        if let int { metric.intValue = int }
        if let time { metric.timestamp = time }
        return metric
    }

    static func payload(seq: UInt64?, time: UInt64 = 1_700_000_000_000, _ metrics: [SparkplugMetric]) -> [UInt8] {
        var payload = SparkplugPayload()
        payload.timestamp = time
        if let seq { payload.seq = seq }
        payload.metrics = metrics
        return payload.encoded()
    }

    static func bdSeq(_ value: UInt64) -> SparkplugMetric {
        var metric = SparkplugMetric()
        metric.name = "bdSeq"
        metric.datatype = UInt32(SparkplugDataType.int64.rawValue)
        metric.longValue = value
        return metric
    }
}

@Suite("Sparkplug host")
struct SparkplugHostTests {
    let node = SparkplugSource(group: "plant", node: "gw1")
    let pump = SparkplugSource(group: "plant", node: "gw1", device: "pump-1")

    func samples(_ events: [SparkplugEvent]) -> [SparkplugSample] {
        events.compactMap { if case .sample(let sample) = $0 { sample } else { nil } }
    }

    func problems(_ events: [SparkplugEvent]) -> [String] {
        events.compactMap { if case .problem(let error) = $0 { error.label } else { nil } }
    }

    /// A host that has seen the node's birth (bdSeq 7, seq 0) and pump-1's (seq 1).
    func born() -> SparkplugHost {
        var host = SparkplugHost(rebirthInterval: 10)
        _ = host.handle(topic: "spBv1.0/plant/NBIRTH/gw1",
                        payload: EdgeNode.payload(seq: 0, [EdgeNode.bdSeq(7), EdgeNode.metric("Node Control/Rebirth", alias: 1),
                                                          EdgeNode.metric("supply", alias: 2, double: 24.1, type: .double)]),
                        now: 100)
        _ = host.handle(topic: "spBv1.0/plant/DBIRTH/gw1/pump-1",
                        payload: EdgeNode.payload(seq: 1, [EdgeNode.metric("temp", alias: 10, double: 61.5, type: .double),
                                                          EdgeNode.metric("offset", alias: 11, int: UInt32(bitPattern: -3), type: .int32)]),
                        now: 100)
        return host
    }

    @Test func topicsParseAndPrintBack() throws {
        let topic = try SparkplugTopic(parsing: "spBv1.0/plant/DDATA/gw1/pump-1")
        #expect(topic == .edge(.deviceData, pump))
        #expect(topic.text == "spBv1.0/plant/DDATA/gw1/pump-1")
        #expect(try SparkplugTopic(parsing: "spBv1.0/STATE/scada") == .state(hostID: "scada"))
        for bad in ["spBv1.0/plant/DDATA/gw1", "spBv1.0/plant/NDATA/gw1/x", "spBv1.0/plant/XDATA/gw1", "spAv1.0/plant/NDATA/gw1",
                    "spBv1.0//NDATA/gw1", "spBv1.0/plant/NDATA/gw1/a/b"] {
            #expect(throws: SparkplugError.self, "\(bad)") { try SparkplugTopic(parsing: bad) }
        }
    }

    @Test func birthValuesAndAliasedDataBecomeSamples() {
        var host = SparkplugHost()
        let birth = host.handle(topic: "spBv1.0/plant/NBIRTH/gw1",
                                payload: EdgeNode.payload(seq: 0, [EdgeNode.bdSeq(7), EdgeNode.metric("supply", alias: 2, double: 24.1, type: .double)]),
                                now: 100)
        #expect(samples(birth).map(\.metric) == ["supply"], "control metrics (bdSeq) are no readings")
        #expect(samples(birth).first?.time == 1_700_000_000, "the payload's time in seconds")
        var host2 = born()
        let data = host2.handle(topic: "spBv1.0/plant/DDATA/gw1/pump-1",
                                payload: EdgeNode.payload(seq: 2, [EdgeNode.metric(nil, alias: 10, double: 62.0, time: 1_700_000_001_500),
                                                                  EdgeNode.metric(nil, alias: 11, int: UInt32(bitPattern: -5))]),
                                now: 101)
        #expect(samples(data) == [
            SparkplugSample(source: pump, metric: "temp", time: 1_700_000_001.5, value: 62.0),
            SparkplugSample(source: pump, metric: "offset", time: 1_700_000_000, value: -5),
        ], "aliases resolve to the birth's names, and the birth's Int32 type reads the bits as signed")
        #expect(problems(data).isEmpty)
        _ = host
    }

    @Test func aSequenceGapAsksForARebirthAtMostOncePerInterval() {
        var host = born()
        let gap = host.handle(topic: "spBv1.0/plant/DDATA/gw1/pump-1",
                              payload: EdgeNode.payload(seq: 5, [EdgeNode.metric(nil, alias: 10, double: 63)]), now: 102)
        #expect(problems(gap) == ["sparkplug_sequence_gap"])
        #expect(gap.contains(.rebirth(node)))
        #expect(samples(gap).count == 1, "the data itself is still good")
        let again = host.handle(topic: "spBv1.0/plant/DDATA/gw1/pump-1",
                                payload: EdgeNode.payload(seq: 9, [EdgeNode.metric(nil, alias: 10, double: 63)]), now: 105)
        #expect(!again.contains(.rebirth(node)), "rate-limited")
        let later = host.handle(topic: "spBv1.0/plant/DDATA/gw1/pump-1",
                                payload: EdgeNode.payload(seq: 20, [EdgeNode.metric(nil, alias: 10, double: 63)]), now: 113)
        #expect(later.contains(.rebirth(node)))
        let inOrder = host.handle(topic: "spBv1.0/plant/DDATA/gw1/pump-1",
                                  payload: EdgeNode.payload(seq: 21, [EdgeNode.metric(nil, alias: 10, double: 63)]), now: 114)
        #expect(problems(inOrder).isEmpty, "the sequence is followed from the last number received")
    }

    @Test func theSequenceWrapsAfter255() {
        var host = born()
        var seq: UInt64 = 2
        for _ in 0..<300 {
            let events = host.handle(topic: "spBv1.0/plant/NDATA/gw1",
                                     payload: EdgeNode.payload(seq: seq, [EdgeNode.metric(nil, alias: 2, double: 24)]), now: 110)
            #expect(problems(events).isEmpty)
            seq = (seq + 1) % 256
        }
    }

    @Test func dataBeforeABirthIsRefusedAndAsksForARebirth() {
        var host = SparkplugHost()
        let events = host.handle(topic: "spBv1.0/plant/NDATA/gw1",
                                 payload: EdgeNode.payload(seq: 3, [EdgeNode.metric("supply", double: 24)]), now: 100)
        #expect(problems(events) == ["sparkplug_before_birth"])
        #expect(events.contains(.rebirth(node)))
        #expect(samples(events).isEmpty)
        var born = born()
        let unknownDevice = born.handle(topic: "spBv1.0/plant/DDATA/gw1/pump-9",
                                        payload: EdgeNode.payload(seq: 2, [EdgeNode.metric("temp", double: 1)]), now: 100)
        #expect(problems(unknownDevice) == ["sparkplug_before_birth"])
        let unknownAlias = born.handle(topic: "spBv1.0/plant/DDATA/gw1/pump-1",
                                       payload: EdgeNode.payload(seq: 3, [EdgeNode.metric(nil, alias: 99, double: 1)]), now: 200)
        #expect(problems(unknownAlias) == ["sparkplug_unknown_alias"])
    }

    @Test func aNodeDeathOfTheSameSessionMakesEverythingStale() {
        var host = born()
        let stale = host.handle(topic: "spBv1.0/plant/NDEATH/gw1", payload: EdgeNode.payload(seq: nil, [EdgeNode.bdSeq(7)]), now: 120)
        #expect(stale == [.stale(node, metrics: ["supply"]), .stale(pump, metrics: ["offset", "temp"])])
        let data = host.handle(topic: "spBv1.0/plant/DDATA/gw1/pump-1",
                               payload: EdgeNode.payload(seq: 2, [EdgeNode.metric(nil, alias: 10, double: 62.0)]), now: 121)
        #expect(problems(data) == ["sparkplug_before_birth"], "after the death, data waits for a new birth")
        #expect(host.handle(topic: "spBv1.0/plant/NDEATH/gw1", payload: EdgeNode.payload(seq: nil, [EdgeNode.bdSeq(7)]), now: 122).isEmpty,
                "a second death changes nothing")
    }

    @Test func aDeathOfAnEarlierSessionIsIgnored() {
        var host = born()
        let events = host.handle(topic: "spBv1.0/plant/NDEATH/gw1", payload: EdgeNode.payload(seq: nil, [EdgeNode.bdSeq(6)]), now: 120)
        #expect(problems(events) == ["sparkplug_earlier_session"])
        let data = host.handle(topic: "spBv1.0/plant/DDATA/gw1/pump-1",
                               payload: EdgeNode.payload(seq: 2, [EdgeNode.metric(nil, alias: 10, double: 62.0)]), now: 121)
        #expect(samples(data).count == 1, "the node is still online")
    }

    @Test func aDeviceDeathMakesOnlyThatDeviceStale() {
        var host = born()
        let events = host.handle(topic: "spBv1.0/plant/DDEATH/gw1/pump-1", payload: EdgeNode.payload(seq: 2, []), now: 120)
        #expect(events == [.stale(pump, metrics: ["offset", "temp"])])
        let node = host.handle(topic: "spBv1.0/plant/NDATA/gw1", payload: EdgeNode.payload(seq: 3, [EdgeNode.metric(nil, alias: 2, double: 23)]),
                               now: 121)
        #expect(samples(node).count == 1)
    }

    @Test func malformedPayloadsAreProblemsNotCrashes() {
        var host = born()
        for bytes: [UInt8] in [[0xFF], [0x12, 0x05, 0x0A], Array("{\"value\": 1}".utf8), [0x08], [0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]] {
            let events = host.handle(topic: "spBv1.0/plant/NDATA/gw1", payload: bytes, now: 100)
            #expect(problems(events) == ["sparkplug_malformed"], "\(bytes)")
        }
    }

    @Test func textMetricsAreCountedNotRead() {
        var host = born()
        var text = SparkplugMetric()
        text.name = "state"
        text.stringValue = "running"
        var null = SparkplugMetric()
        null.name = "spare"
        null.isNull = true
        let events = host.handle(topic: "spBv1.0/plant/NDATA/gw1", payload: EdgeNode.payload(seq: 2, [text, null]), now: 100)
        #expect(problems(events) == ["sparkplug_not_numeric", "sparkplug_null"])
    }

    @Test func commandsAndHostStatesAreNotData() {
        var host = born()
        let rebirth = SparkplugCommand.rebirth(node, now: 100)
        #expect(rebirth.topic == "spBv1.0/plant/NCMD/gw1")
        #expect(host.handle(topic: rebirth.topic, payload: rebirth.payload, now: 100).isEmpty)
        #expect(host.handle(topic: "spBv1.0/STATE/scada", payload: Array("{\"online\":true}".utf8), now: 100).isEmpty)
        let decoded = try? SparkplugPayload(decoding: rebirth.payload, topic: rebirth.topic)
        #expect(decoded?.metrics.first?.name == SparkplugCommand.rebirthMetric)
        #expect(decoded?.metrics.first?.booleanValue == true)
    }
}

extension SparkplugHostTests {
    @Test func aDeathRightAfterARebirthStillMakesTheDevicesStale() {
        var host = born()
        // The node births again (after a rebirth request), and dies before its device's new birth.
        _ = host.handle(topic: "spBv1.0/plant/NBIRTH/gw1",
                        payload: EdgeNode.payload(seq: 0, [EdgeNode.bdSeq(7), EdgeNode.metric("supply", alias: 2, double: 24, type: .double)]),
                        now: 110)
        let data = host.handle(topic: "spBv1.0/plant/DDATA/gw1/pump-1",
                               payload: EdgeNode.payload(seq: 1, [EdgeNode.metric(nil, alias: 10, double: 62.0)]), now: 111)
        #expect(problems(data) == ["sparkplug_before_birth"], "the device's old aliases are not trusted before its new birth")
        let death = host.handle(topic: "spBv1.0/plant/NDEATH/gw1", payload: EdgeNode.payload(seq: nil, [EdgeNode.bdSeq(7)]), now: 112)
        #expect(death == [.stale(node, metrics: ["supply"]), .stale(pump, metrics: ["offset", "temp"])])
    }
}

extension SparkplugHostTests {
    @Test func aNodeCannotBirthMoreDevicesThanTheLimit() {
        var host = born()  // pump-1 is born
        var seq: UInt64 = 1
        for index in 0..<(SparkplugHost.deviceLimit - 1) {
            seq = (seq + 1) % 256
            let events = host.handle(topic: "spBv1.0/plant/DBIRTH/gw1/d\(index)", payload: EdgeNode.payload(seq: seq, []), now: 100)
            #expect(events.isEmpty)
        }
        seq = (seq + 1) % 256
        let refused = host.handle(topic: "spBv1.0/plant/DBIRTH/gw1/one-too-many", payload: EdgeNode.payload(seq: seq, []), now: 100)
        #expect(problems(refused) == ["sparkplug_too_many_devices"])
        seq = (seq + 1) % 256
        let again = host.handle(topic: "spBv1.0/plant/DBIRTH/gw1/pump-1",
                                payload: EdgeNode.payload(seq: seq, [EdgeNode.metric("temp", alias: 10, double: 60, type: .double)]), now: 100)
        #expect(problems(again).isEmpty, "a known device may be born again")
    }
}
