import AlarmEngine
import AlarmStore
import Foundation
import Notifiers
import TestSupport
import Testing

@Suite("Notifications from a running pdm: MQTT, webhooks, remote actions, MQTT commands",
       .enabled(if: TestBrokers.available && Executables.pdm != nil, "needs mosquitto and the built pdm executable"))
struct NotificationEndToEndTests {
    @Test("an alarm reaches an MQTT receiver and a webhook; an action waits for confirmation; MQTT commands acknowledge")
    func notificationsActionsAndCommands() async throws {
        let (port, broker) = try await TestBrokers.plain()
        defer { _ = broker }
        let hook = try await HTTPReceiver()
        // A work-order endpoint, and a ticketing API that answers a create with the new ticket's id.
        hook.respond { request in
            if request.uri == "/issues.json" { return .status(201, body: #"{"issue": {"id": 42}}"#) }
            return .status(request.uri == "/issues/42.json" ? 204 : 200)
        }
        let id = UUID().uuidString.prefix(8)
        let prefix = "n-\(id)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-notify-\(id)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = directory + "/alarms.yaml"
        try """
            broker: {host: 127.0.0.1, port: \(port), client_id: pdm-\(prefix)}
            topics: {prefix: \(prefix)}
            subscriptions:
              - {topic: "\(prefix)/plant/{asset}/{channel}", qos: 1}
            storage: {database: state.sqlite}
            receivers:
              console: {kind: mqtt}
              cmms:
                kind: webhook
                url: http://127.0.0.1:\(hook.port)/work-orders
                secret: ${NOTIFY_TEST_SECRET}
              tickets:
                kind: webhook
                format: template
                capture: {issue_id: issue.id}
                templates:
                  raised:
                    url: http://127.0.0.1:\(hook.port)/issues.json
                    body: '{"issue": {"subject": "{{summary}}"}}'
                  acknowledged:
                    method: PUT
                    url: http://127.0.0.1:\(hook.port)/issues/{{ticket.issue_id}}.json
                    body: '{"issue": {"notes": "acknowledged by the control room"}}'
              standby:
                kind: action
                topic: "\(prefix)/plant/{{asset}}/command"
                payload: '{"command": "standby", "alarm": "{{rule}}"}'
                automatic_from: emergency
            escalation:
              plant: {levels: [{after: 0, notify: [console, cmms, tickets, standby]}]}
            rules:
              - {name: bearing-hot, channel: temp, above: 90, deadband: 5, priority: high, escalation: plant}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        // The secret comes from the environment, for the service and for `pdm alarms` alike.
        let environment = ProcessInfo.processInfo.environment.merging(["NOTIFY_TEST_SECRET": "k"]) { $1 }
        let pdm = try #require(Executables.pdm)
        func alarms(_ arguments: [String]) async throws -> (status: Int32, output: String) {
            try await CommandLineTool(pdm, ["alarms"] + arguments + ["--config", config], environment: environment)
                .finish(timeout: .seconds(30))
        }
        let log = directory + "/pdm.log"
        let service = try ChildProcess(path: pdm, arguments: ["run", "--config", config], outputFile: log,
                                       environment: environment)
        _ = try await Executables.waitForText("subscribed", in: log)

        let console = try CommandLineTool("mosquitto_sub", ["-h", "127.0.0.1", "-p", "\(port)", "-t", "\(prefix)/notifications/#",
                                                            "-v", "-W", "30", "-q", "1", "-d"])
        let device = try CommandLineTool("mosquitto_sub", ["-h", "127.0.0.1", "-p", "\(port)", "-t", "\(prefix)/plant/+/command",
                                                           "-v", "-C", "1", "-W", "30", "-q", "1", "-d"])
        let states = try CommandLineTool("mosquitto_sub", ["-h", "127.0.0.1", "-p", "\(port)", "-t", "\(prefix)/alarms/+/+/state",
                                                           "-v", "-W", "30", "-q", "1", "-d"])
        for sub in [console, device, states] { try await sub.waitForOutput("Subscribed") }
        let pub = try CommandLineTool("mosquitto_pub", ["-h", "127.0.0.1", "-p", "\(port)", "-q", "1",
                                                        "-t", "\(prefix)/plant/pump-1/temp", "-m", #"{"value": 97}"#])
        #expect(await pub.finish().status == 0)

        // MQTT receiver and webhook.
        try await console.waitForOutput(#""kind":"raised""#, timeout: .seconds(15))
        let raised = await hook.waitUntil(timeout: 15) { requests in
            requests.contains { $0.uri == "/work-orders" } && requests.contains { $0.uri == "/issues.json" }
        }.filter { $0.uri == "/work-orders" }
        #expect(raised.first?.json?["kind"] as? String == "raised")
        #expect(raised.first?.header("Idempotency-Key") == "pump-1/bearing-hot/1/level-0/cmms")
        #expect(raised.first.map { $0.header("X-PDM-Signature") == "sha256=" + WebhookFormatter.signature(of: $0.body, secret: "k") } == true)

        // The action waits for a person: a high alarm is below automatic_from.
        _ = try await Executables.waitForText("remote action waits for confirmation", in: log)
        let waiting = try await alarms(["notifications", "pump-1/bearing-hot"])
        #expect(waiting.output.contains("awaiting_confirmation") && waiting.output.contains("standby"), "\(waiting.output)")
        let confirmed = try await alarms(["confirm", "pump-1/bearing-hot", "--user", "ann", "--comment", "pump swap"])
        #expect(confirmed.status == 0, "\(confirmed.output)")
        let command = await device.finish(timeout: .seconds(15))
        #expect(command.output.contains(#"\#(prefix)/plant/pump-1/command {"command": "standby", "alarm": "bearing-hot"}"#),
                "\(command.output)")

        // An operator command over MQTT, answered on the reply topic.
        let replies = try CommandLineTool("mosquitto_sub", ["-h", "127.0.0.1", "-p", "\(port)", "-t", "\(prefix)/replies/#",
                                                            "-v", "-C", "2", "-W", "30", "-q", "1", "-d"])
        try await replies.waitForOutput("Subscribed")
        let ack = try CommandLineTool("mosquitto_pub", [
            "-h", "127.0.0.1", "-p", "\(port)", "-q", "1", "-t", "\(prefix)/commands/ack", "-m",
            #"{"asset": "pump-1", "rule": "bearing-hot", "user": "op-7", "comment": "seen on console", "reply_to": "\#(prefix)/replies/op-7", "correlation_id": "c-1"}"#,
        ])
        #expect(await ack.finish().status == 0)
        try await states.waitForOutput(#""state":"active_acknowledged""#, timeout: .seconds(15))
        // MQTT 5: response topic and correlation data as properties.
        let comment = try CommandLineTool("mosquitto_pub", [
            "-h", "127.0.0.1", "-p", "\(port)", "-q", "1", "-V", "mqttv5", "-t", "\(prefix)/commands/comment",
            "-D", "publish", "response-topic", "\(prefix)/replies/v5", "-D", "publish", "correlation-data", "xyz",
            "-m", #"{"asset": "pump-1", "rule": "nope", "user": "op-7", "comment": "wrong alarm"}"#,
        ])
        #expect(await comment.finish().status == 0)
        let answers = await replies.finish(timeout: .seconds(15))
        #expect(answers.output.contains(#"\#(prefix)/replies/op-7 {"command_id":"#) && answers.output.contains(#""correlation_id":"c-1","result":"applied","status":"applied"}"#),
                "\(answers.output)")
        #expect(answers.output.contains(#"\#(prefix)/replies/v5 {"#) && answers.output.contains(#""status":"refused""#)
                && answers.output.contains("no alarm pump-1/nope"), "\(answers.output)")

        // The acknowledgement reaches the webhook too, and updates the ticket opened for the alarm.
        let all = await hook.waitUntil(timeout: 15) { requests in
            requests.filter { $0.uri == "/work-orders" }.count == 2 && requests.contains { $0.method == "PUT" }
        }
        #expect(all.filter { $0.uri == "/work-orders" }.map { $0.json?["kind"] as? String } == ["raised", "acknowledged"])
        #expect(all.filter { $0.uri.hasPrefix("/issues") }.map { "\($0.method) \($0.uri)" }
            == ["POST /issues.json", "PUT /issues/42.json"])
        _ = await console.finish(timeout: .seconds(1))
        _ = await states.finish(timeout: .seconds(1))

        let shown = try await alarms(["show", "pump-1/bearing-hot"])
        #expect(shown.output.contains("action_requested"), "\(shown.output)")
        #expect(shown.output.contains("ticket at tickets: issue_id=42"), "\(shown.output)")
        #expect(shown.output.contains("action_confirmed  by ann"), "\(shown.output)")
        #expect(shown.output.contains("action_sent  by ann"), "\(shown.output)")
        #expect(shown.output.contains("acknowledged  by op-7"), "\(shown.output)")
        #expect(await service.stop(signal: SIGTERM, timeout: .seconds(10)) == 0)
    }
}
