import Sparkplug
import Testing

/// pdm's own edge node, read back by pdm's host: what one publishes, the other understands.
@Suite("Sparkplug edge node")
struct SparkplugEdgeNodeTests {
    func feed(_ host: inout SparkplugHost, _ messages: [SparkplugEdgeNode.Message], now: Double = 100) -> [SparkplugEvent] {
        messages.flatMap { host.handle(topic: $0.topic, payload: $0.payload, now: now) }
    }

    func problems(_ events: [SparkplugEvent]) -> [String] {
        events.compactMap { if case .problem(let error) = $0 { error.description } else { nil } }
    }

    func values(_ events: [SparkplugEvent]) -> [String: Double] {
        var values: [String: Double] = [:]
        for case .sample(let sample) in events { values["\(sample.source.device ?? "-")/\(sample.metric)"] = sample.value }
        return values
    }

    @Test func valuesKeptWhileUnbornAreDeclaredByTheBirth() {
        var edge = SparkplugEdgeNode(group: "pdm", node: "pdm-1", bdSeq: 3)
        #expect(edge.update(device: "pump-1", [("RUL", .double(120)), ("Alarms/temp-high/Active", .bool(true))], now: 10).isEmpty,
                "nothing goes out before the node's birth")
        let births = edge.birth(now: 11)
        #expect(births.map(\.topic) == ["spBv1.0/pdm/NBIRTH/pdm-1", "spBv1.0/pdm/DBIRTH/pdm-1/pump-1"])
        var host = SparkplugHost()
        let events = feed(&host, births)
        #expect(problems(events).isEmpty)
        #expect(values(events) == ["pump-1/RUL": 120, "pump-1/Alarms/temp-high/Active": 1])
    }

    @Test func changesGoOutByAliasAndNewMetricsBringABirth() {
        var edge = SparkplugEdgeNode(group: "pdm", node: "pdm-1", bdSeq: 3)
        var host = SparkplugHost()
        _ = feed(&host, edge.birth(now: 10))
        _ = feed(&host, edge.update(device: "pump-1", [("RUL", .double(120)), ("Health Indicator", .double(0.2))], now: 11))
        let unchanged = edge.update(device: "pump-1", [("RUL", .double(120)), ("Health Indicator", .double(0.3))], now: 12)
        #expect(unchanged.map(\.topic) == ["spBv1.0/pdm/DDATA/pdm-1/pump-1"])
        let data = feed(&host, unchanged)
        #expect(problems(data).isEmpty, "aliases and the sequence number agree with the host")
        #expect(values(data) == ["pump-1/Health Indicator": 0.3], "only the changed value")
        let grown = edge.update(device: "pump-1", [("Alarms/vib-high/State", .string("active_unacknowledged"))], now: 13)
        #expect(grown.map(\.topic) == ["spBv1.0/pdm/DBIRTH/pdm-1/pump-1"], "a metric not declared yet: the device is born again")
        let rebirth = feed(&host, grown)
        #expect(problems(rebirth).filter { !$0.contains("not a number") }.isEmpty)
        #expect(edge.update(device: "pump-1", [("RUL", .double(120))], now: 14).isEmpty, "nothing changed")
    }

    @Test func theWillIsTheDeathOfThisSession() {
        var edge = SparkplugEdgeNode(group: "pdm", node: "pdm-1", bdSeq: 7)
        var host = SparkplugHost()
        _ = feed(&host, edge.birth(now: 10))
        _ = feed(&host, edge.update(device: "pump-1", [("RUL", .double(120))], now: 11))
        let death = edge.death
        #expect(death.topic == "spBv1.0/pdm/NDEATH/pdm-1")
        let events = host.handle(topic: death.topic, payload: death.payload, now: 12)
        #expect(events.contains(.stale(SparkplugSource(group: "pdm", node: "pdm-1", device: "pump-1"), metrics: ["RUL"])))
        edge.connectionLost()
        #expect(edge.update(device: "pump-1", [("RUL", .double(110))], now: 13).isEmpty)
        let births = edge.birth(now: 14)
        #expect(values(feed(&host, births)) == ["pump-1/RUL": 110], "the new birth carries what changed meanwhile")
    }
}
