import AlarmEngine
import MQTTCodec
import PDMConfig
@testable import PDMRuntime
import Testing

@Suite("Ingest pipeline")
struct IngestPipelineTests {
    static let yaml = """
        broker: {host: 127.0.0.1, port: 1883}
        topics: {prefix: pdm}
        subscriptions:
          - topic: plant/{site}/{asset}/{channel}
          - topic: gw/{asset}/all
        statistics: {window: 4}
        rules:
          - {name: bearing-hot, channel: temp, above: 90, deadband: 5, priority: high}
          - {name: vib-high, channel: vib, above: 7.1, assets: [pump-1]}
          - {name: vib-sensor-fault, channel: vib, sensor_fault: true, priority: low}
        """

    func pipeline() throws -> IngestPipeline {
        IngestPipeline(configuration: try PDMConfiguration.parse(yaml: Self.yaml, file: "test.yaml", environment: [:]))
    }

    /// "asset/rule:state" of each condition change the outputs journal.
    func alarms(_ outputs: [IngestPipeline.Output]) -> [String] {
        outputs.flatMap { output -> [String] in
            guard case .alarms(let actions) = output else { return [] }
            return AlarmEvent.events(in: actions)
                .filter { $0.transition.cause == .conditionActive || $0.transition.cause == .conditionCleared }
                .map { "\($0.asset)/\($0.rule):\($0.transition.cause == .conditionActive ? "active" : "cleared")" }
        }
    }

    @Test("a threshold raises and clears with hysteresis, per asset")
    func raiseAndClear() throws {
        var pipeline = try pipeline()
        var seen: [String] = []
        for (asset, value) in [("pump-1", 80.0), ("pump-1", 95), ("pump-2", 91), ("pump-1", 88), ("pump-1", 84), ("pump-2", 70)] {
            let payload = Array(#"{"ts": 1700000000, "value": \#(value)}"#.utf8)
            seen += alarms(pipeline.handle(topic: "plant/north/\(asset)/temp", payload: payload, receivedAt: 1_700_000_000))
        }
        #expect(seen == ["pump-1/bearing-hot:active", "pump-2/bearing-hot:active", "pump-1/bearing-hot:cleared",
                         "pump-2/bearing-hot:cleared"])
    }

    @Test("multi-channel payloads, ISO 8601 time, and asset-scoped rules")
    func valuesPayload() throws {
        var pipeline = try pipeline()
        let outputs = pipeline.handle(topic: "gw/pump-1/all",
                                      payload: Array(#"{"ts":"2026-11-22T10:00:00.250Z","values":{"vib":8.2,"temp":40}}"#.utf8),
                                      receivedAt: 1_795_341_600)
        let readings = outputs.compactMap { if case .reading(let r) = $0 { return r } else { return nil } }
        #expect(readings.map(\.channel) == ["temp", "vib"])
        #expect(readings.first?.time == 1_795_341_600.25)
        #expect(alarms(outputs) == ["pump-1/vib-high:active"])
        let other = pipeline.handle(topic: "gw/pump-2/all", payload: Array(#"{"values":{"vib":9}}"#.utf8), receivedAt: 1_795_341_605)
        #expect(alarms(other).isEmpty)
    }

    @Test("Neuron gateway uploads: tags become readings, error codes raise the sensor-fault alarm until a good value")
    func neuronUpload() throws {
        var pipeline = try pipeline()
        let upload = #"""
            {"node": "modbus-pump-1", "group": "fast", "timestamp": 1700000000500,
             "values": {"temp": 95.5, "running": true, "label": "P-101"}, "errors": {"vib": 2014}}
            """#
        let outputs = pipeline.handle(topic: "gw/pump-1/all", payload: Array(upload.utf8), receivedAt: 1_700_000_000)
        let readings = outputs.compactMap { if case .reading(let r) = $0 { return r } else { return nil } }
        #expect(readings.map(\.channel) == ["running", "temp"])
        #expect(readings.map(\.value) == [1, 95.5])
        #expect(readings.first?.time == 1_700_000_000.5)
        let rejected = outputs.compactMap { if case .rejected(let e) = $0 { return e } else { return nil } }
        #expect(rejected.map(\.reason) == ["invalid_value", "gateway_error"])
        #expect(rejected.last?.description == "topic 'gw/pump-1/all': the gateway reports error 2014 for pump-1/vib instead of a value")
        #expect(alarms(outputs) == ["pump-1/bearing-hot:active", "pump-1/vib-sensor-fault:active"])
        // The sensor delivers again: the fault clears.
        let good = pipeline.handle(topic: "gw/pump-1/all",
                                   payload: Array(#"{"node": "n", "timestamp": 1700000001500, "values": {"vib": 2.0}}"#.utf8),
                                   receivedAt: 1_700_000_001)
        #expect(alarms(good) == ["pump-1/vib-sensor-fault:cleared"])
        let empty = pipeline.handle(topic: "gw/pump-1/all", payload: Array(#"{"node": "n", "timestamp": 1700000002000}"#.utf8),
                                    receivedAt: 1_700_000_002)
        #expect(empty.compactMap { if case .rejected(let e) = $0 { return e.reason } else { return nil } } == ["malformed_payload"])
    }

    @Test("overload sheds only QoS 0 readings that waited longer than the lag limit")
    func overloadPolicy() throws {
        let configuration = try PDMConfiguration.parse(yaml: Self.yaml + "\ningest: {max_lag: 5s, shed: qos0}\n", file: "t.yaml",
                                                       environment: [:])
        let policy = OverloadPolicy(configuration.ingest)
        #expect(policy.admits(qos: .atMostOnce, lag: 4.9))
        #expect(!policy.admits(qos: .atMostOnce, lag: 5.1))
        #expect(policy.admits(qos: .atLeastOnce, lag: 600), "QoS 1 is never shed")
        #expect(policy.admits(qos: .exactlyOnce, lag: 600))
        let keeping = OverloadPolicy(try PDMConfiguration.parse(yaml: Self.yaml + "\ningest: {shed: none}\n", file: "t.yaml",
                                                               environment: [:]).ingest)
        #expect(keeping.admits(qos: .atMostOnce, lag: 600))
    }

    @Test("the fast reader of flat payloads agrees with the JSON parser, and leaves anything else to it")
    func flatPayloads() throws {
        #expect(FlatJSON.parse(Array(#"{"ts":1700000000.25,"value":-3.1e1}"#.utf8))?.map(\.value)
            == [.number(1_700_000_000.25), .number(-31)])
        #expect(FlatJSON.parse(Array(" { \"ts\" : \"2026-11-22T10:00:00Z\" ,\n \"value\": 4 } ".utf8))?.map(\.key) == ["ts", "value"])
        for other in [#"{"value": {"x": 1}}"#, #"{"value": [1]}"#, #"{"value": "a\"b"}"#, #"{"value": 1} x"#, #"{"value": 1"#,
                      #"{"value": true}"#, "[1]", ""] {
            #expect(FlatJSON.parse(Array(other.utf8)) == nil, "\(other)")
        }
        // Same readings either way; errors still explained by the general parser.
        let parser = ReadingParser()
        for payload in [#"{"ts":1700000000.5,"value":42.25}"#, #"{ "ts": 1700000000.5, "value": 42.25 }"#,
                        #"{"value":42.25,"ts":1700000000.5}"#] {
            #expect(try parser.parsePayload(Array(payload.utf8), topic: "t", asset: "a", channel: "c", receivedAt: 0)
                == .readings([Reading(asset: "a", channel: "c", time: 1_700_000_000.5, value: 42.25)]))
        }
        #expect(throws: ReadingError.invalidValue(topic: "t", channel: "c", detail: "expected a number, found \"x\"")) {
            try parser.parsePayload(Array(#"{"ts": 1700000000, "value": "x"}"#.utf8), topic: "t", asset: "a", channel: "c", receivedAt: 0)
        }
    }

    @Test("rolling statistics follow the window")
    func statistics() throws {
        var pipeline = try pipeline()
        for value in [1.0, 2, 3, 4, 5, 6] {
            _ = pipeline.handle(topic: "plant/s/fan-1/temp", payload: Array(#"{"value":\#(value)}"#.utf8), receivedAt: 0)
        }
        let stats = try #require(pipeline.statistics(asset: "fan-1", channel: "temp"))
        #expect(stats.count == 4 && stats.mean == 4.5)
        #expect(abs(stats.standardDeviation - 1.2909944) < 1e-6)
    }

    @Test("bad messages are rejected with a reason, never folded in", arguments: [
        ("other/topic", #"{"value":1}"#, "unmapped_topic"),
        ("plant/s/a/temp", "not json", "malformed_payload"),
        ("plant/s/a/temp", "[1,2]", "malformed_payload"),
        ("plant/s/a/temp", #"{"ts":1700000000}"#, "malformed_payload"),
        ("plant/s/a/temp", #"{"ts":1,"value":1}"#, "timestamp_out_of_range"),
        ("plant/s/a/temp", #"{"value":1,"values":{"a":1}}"#, "malformed_payload"),
        ("plant/s/a/temp", #"{"value":"12"}"#, "invalid_value"),
        ("plant/s/a/temp", #"{"value":true}"#, "invalid_value"),
        ("plant/s/a/temp", #"{"value":null}"#, "invalid_value"),
        ("plant/s/a/temp", #"{"ts":"yesterday","value":1}"#, "invalid_timestamp"),
        ("gw/a/all", #"{"value":1}"#, "missing_channel"),
        ("gw/a/all", #"{"values":{"x":"hot"}}"#, "invalid_value"),
    ])
    func rejected(topic: String, payload: String, reason: String) throws {
        var pipeline = try pipeline()
        let outputs = pipeline.handle(topic: topic, payload: Array(payload.utf8), receivedAt: 0)
        guard case .rejected(let error) = outputs.first, outputs.count == 1 else {
            Issue.record("expected one rejection, got \(outputs)"); return
        }
        #expect(error.reason == reason)
    }

    @Test("the alarm payload is documented JSON")
    func payload() throws {
        var pipeline = try pipeline()
        let outputs = pipeline.handle(topic: "plant/s/pump-9/temp", payload: Array(#"{"ts":1700000000,"value":99.5}"#.utf8),
                                      receivedAt: 1_700_000_000)
        guard case .alarms(let actions) = outputs.last, let event = AlarmEvent.events(in: actions).first else {
            Issue.record("no alarm"); return
        }
        #expect(event.eventTopic(prefix: "pdm") == "pdm/alarms/pump-9/bearing-hot/event")
        #expect(event.stateTopic(prefix: "pdm") == "pdm/alarms/pump-9/bearing-hot/state")
        #expect(!event.clearsState)
        let json = String(decoding: event.jsonPayload(), as: UTF8.self)
        // The journal entry's fields beside the alarm's record, in one object.
        #expect(json == #"{"acknowledged":false,"area":"plant","asset":"pump-9","cause":"condition_active","changed_at":1700000000,"changed_ts":"2023-11-14T22:13:20.000Z","condition_active":true,"held_by_flood":false,"message":"temp above 90","occurrence":1,"previous_state":"normal","priority":"high","priority_rank":700,"raised_at":1700000000,"raised_ts":"2023-11-14T22:13:20.000Z","rule":"bearing-hot","state":"active_unacknowledged","time":1700000000,"ts":"2023-11-14T22:13:20.000Z","value":99.5,"version":4}"#)
    }
}
