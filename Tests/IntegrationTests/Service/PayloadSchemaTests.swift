import AlarmEngine
import AlarmStore
import Foundation
import Notifiers
import PDMConfig
import PDMRuntime
import Prognostics
import TestSupport
import Testing

/// The JSON Schemas shipped for integrators describe what pdm really publishes: payloads of every
/// kind are validated against them with Python's jsonschema.
@Suite("Published payloads match their JSON Schemas",
       .enabled(if: JSONSchemaValidator.available, "needs python3 with jsonschema (pip install jsonschema)"))
struct PayloadSchemaTests {
    static let schemas = Repository.root.appendingPathComponent("Sources/Payloads/Schemas").path

    static let validator = """
        import json, sys, jsonschema
        from jsonschema import Draft202012Validator
        failures = 0
        for pair in sys.argv[1:]:
            schema_file, payload_file = pair.split("=")
            schema = json.load(open(schema_file))
            Draft202012Validator.check_schema(schema)
            payload = json.load(open(payload_file))
            errors = list(Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(payload))
            for error in errors:
                print(f"{payload_file} against {schema_file}: {error.message} at {list(error.path)}")
            failures += len(errors)
        print(f"checked {len(sys.argv) - 1} payloads, {failures} problems")
        sys.exit(1 if failures else 0)
        """

    @Test func everyPayloadKindValidates() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-schemas-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var pairs: [String] = []
        func add(_ schema: String, _ payload: [UInt8], _ name: String) throws {
            let file = directory + "/\(name).json"
            try Data(payload).write(to: URL(fileURLWithPath: file))
            pairs.append("\(Self.schemas)/\(schema)=\(file)")
        }

        // Alarm events and states through a lifecycle (raised, acknowledged, shelved).
        let key = AlarmKey(asset: "pump-1", rule: "bearing-hot")
        let settings = AlarmSettings(rules: [AlarmRule(name: "bearing-hot", channel: "temp",
                                                       condition: .threshold(.above, limit: 90, deadband: 5), priority: .high)])
        var engine = AlarmCore(settings: settings)
        var actions = engine.observe(.reading(asset: "pump-1", channel: "temp", value: 95), now: 1000)
        actions += try engine.apply(.acknowledge(key, user: "ann", comment: "on it"), now: 1010)
        actions += try engine.apply(.shelve(key, user: "ann", until: 2000, reason: "repair"), now: 1020)
        for (index, event) in AlarmEvent.events(in: actions).enumerated() {
            try add("alarm-event.schema.json", event.jsonPayload(), "event-\(index)")
            try add("alarm-state.schema.json", event.statePayload(), "state-\(index)")
        }
        #expect(pairs.count == 6)

        let estimate = RULEstimate(asset: "pump-1", time: 7200, rul: 41.2, lower: 30, upper: 55.5, healthIndicator: 0.5,
                                   threshold: 1, beyondHorizon: false, method: "similarity", model: "rotating-machine",
                                   modelVersion: 3)
        try add("rul.schema.json", estimate.jsonPayload(unit: "h"), "rul")

        // Generic notifications of every kind, with and without a ticket.
        for kind in NotificationIntent.Kind.allCases {
            let intent = NotificationIntent(kind: kind, key: key, occurrence: 2, step: kind.rawValue, receivers: ["cmms"], time: 1000,
                                            priority: .high, state: .unacknowledged, value: kind == .flood ? nil : 95,
                                            message: "hot", level: kind == .raised ? 0 : nil)
            let entry = OutboxEntry(id: 1, idempotencyKey: intent.idempotencyKey + "/cmms", receiver: "cmms", intent: intent,
                                    createdAt: 1000, nextAttemptAt: 1000)
            let document = NotificationDocument(entry: entry, area: nil, raisedAt: nil, ticket: kind == .cleared ? ["issue_id": "42"] : [:])
            let formatter = try WebhookFormatter(ReceiverSettings(name: "cmms", kind: .webhook, url: "http://127.0.0.1:9/x"))
            let request = try #require(try formatter.request(for: document))
            try add("notification.schema.json", request.body, "notification-\(kind.rawValue)")
        }

        try add("command.schema.json", Array(#"{"asset": "pump-1", "rule": "bearing-hot", "user": "ann", "duration": "2h", "reply_to": "r/1"}"#.utf8), "command")
        try add("command-reply.schema.json", InboundCommand.reply(status: .applied, result: "applied", commandID: 7, correlationID: "c"), "reply")
        try add("command-reply.schema.json", InboundCommand.reply(status: .invalid, result: "'user' is required", commandID: nil, correlationID: nil), "reply-invalid")

        let check = try CommandLineTool(CommandLineTool.resolve("python3"), ["-c", Self.validator] + pairs)
        let result = await check.finish(timeout: .seconds(60))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("checked \(pairs.count) payloads, 0 problems"), "\(result.output)")
    }
}

/// Python's jsonschema, when installed.
enum JSONSchemaValidator {
    static let available: Bool = PythonModules.available(["jsonschema"])
}
