import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

@Suite("HTTP API of a running pdm", .enabled(if: TestBrokers.available && Executables.pdm != nil,
                                           "needs mosquitto and the built pdm executable"))
struct HTTPAPITests {
    struct Answer {
        var status: Int
        var body: Data
        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    static func call(_ method: String, _ url: String, token: String? = nil, body: String? = nil) async throws -> Answer {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        if let token { request.setValue("bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }

    @Test("alarms listed and shown, commands with bearer tokens journaled with the user, health and readiness")
    func alarmsAndCommands() async throws {
        let (port, broker) = try await TestBrokers.plain()
        defer { _ = broker }
        let id = UUID().uuidString.prefix(8)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-http-\(id)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let httpPort = try FreePort.allocate()
        let token = "t0k3n-\(UUID().uuidString)"
        let viewer = "v13w3r-\(UUID().uuidString)"
        let admin = "4dm1n-\(UUID().uuidString)"
        let config = directory + "/alarms.yaml"
        try """
            broker: {host: 127.0.0.1, port: \(port), client_id: pdm-h-\(id)}
            topics: {prefix: h-\(id)}
            subscriptions:
              - {topic: "h-\(id)/plant/{asset}/{channel}", qos: 1}
            storage: {database: state.sqlite}
            http:
              port: \(httpPort)
              tokens:
                - {user: ann, token: "${HTTP_TEST_TOKEN}"}
                - {user: val, token: "\(viewer)", role: viewer}
                - {user: ada, token: "\(admin)", role: admin}
            rules:
              - {name: bearing-hot, channel: temp, above: 90, deadband: 5, priority: high}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let log = directory + "/pdm.log"
        let service = try ChildProcess(path: try #require(Executables.pdm), arguments: ["run", "--config", config], outputFile: log,
                                       environment: ProcessInfo.processInfo.environment.merging(["HTTP_TEST_TOKEN": token]) { $1 })
        _ = try await Executables.waitForText("HTTP API listening", in: log)
        _ = try await Executables.waitForText("subscribed", in: log)
        let base = "http://127.0.0.1:\(httpPort)"

        #expect(try await Self.call("GET", base + "/healthz").json["status"] as? String == "ok")
        let events = try CommandLineTool("mosquitto_sub", ["-h", "127.0.0.1", "-p", "\(port)", "-t", "h-\(id)/alarms/+/+/event",
                                                           "-v", "-C", "1", "-W", "20", "-q", "1", "-d"])
        try await events.waitForOutput("Subscribed")
        let pub = try CommandLineTool("mosquitto_pub", ["-h", "127.0.0.1", "-p", "\(port)", "-q", "1",
                                                        "-t", "h-\(id)/plant/pump-1/temp", "-m", #"{"value": 97}"#])
        #expect(await pub.finish().status == 0)
        // The event is published once the alarm is committed: the API sees it from then on.
        _ = await events.finish(timeout: .seconds(20))
        let listed = try await Self.call("GET", base + "/api/v1/alarms", token: viewer)
        let alarms = try #require(listed.json["alarms"] as? [[String: Any]])
        #expect(alarms.count == 1 && alarms.first?["asset"] as? String == "pump-1"
            && alarms.first?["state"] as? String == "active_unacknowledged", "\(listed.text)")
        #expect(try await Self.call("GET", base + "/api/v1/alarms?priority=emergency", token: viewer).json["alarms"] as? [Any] != nil)
        #expect((try await Self.call("GET", base + "/api/v1/alarms?priority=emergency", token: viewer).json["alarms"] as? [Any])?.isEmpty == true)
        #expect(try await Self.call("GET", base + "/api/v1/alarms?state=bogus", token: viewer).status == 400)

        let ready = try await Self.call("GET", base + "/readyz")
        #expect(ready.status == 200 && ready.json["broker_connected"] as? Bool == true, "\(ready.text)")

        // With tokens configured, reads need one too; the scheme is case-insensitive.
        #expect(try await Self.call("GET", base + "/api/v1/alarms").status == 401)
        #expect(try await Self.call("GET", base + "/api/v1/assets", token: "wrong-token-0000000").status == 401)
        #expect(try await Self.call("GET", base + "/api/v1/notifications").status == 401)
        // Roles: a viewer reads but gives no command; an operator acknowledges but does not reset;
        // an admin resets.
        let refused = try await Self.call("POST", base + "/api/v1/alarms/pump-1/bearing-hot/ack", token: viewer)
        #expect(refused.status == 403 && refused.text.contains("needs the role operator"), "\(refused.text)")
        let reset = try await Self.call("POST", base + "/api/v1/alarms/pump-1/bearing-hot/reset", token: token)
        #expect(reset.status == 403 && reset.text.contains("needs the role admin"), "\(reset.text)")
        let resetByAdmin = try await Self.call("POST", base + "/api/v1/alarms/pump-1/bearing-hot/reset", token: admin)
        #expect(resetByAdmin.status == 409, "taken (and refused by the engine: not latched): \(resetByAdmin.text)")
        #expect(try await Self.call("POST", base + "/api/v1/alarms/pump-1/bearing-hot/confirm", token: viewer).status == 403)

        // Mutations need a known bearer token.
        #expect(try await Self.call("POST", base + "/api/v1/alarms/pump-1/bearing-hot/ack").status == 401)
        #expect(try await Self.call("POST", base + "/api/v1/alarms/pump-1/bearing-hot/ack", token: "wrong-token-0000000").status == 401)
        let ack = try await Self.call("POST", base + "/api/v1/alarms/pump-1/bearing-hot/ack", token: token,
                                      body: #"{"comment": "bearing ordered"}"#)
        #expect(ack.status == 200 && ack.json["status"] as? String == "applied", "\(ack.text)")
        let twice = try await Self.call("POST", base + "/api/v1/alarms/pump-1/bearing-hot/ack", token: token)
        #expect(twice.status == 409 && (twice.json["result"] as? String)?.contains("it is active_acknowledged") == true,
                "\(twice.text)")
        #expect(try await Self.call("POST", base + "/api/v1/alarms/pump-1/bearing-hot/shelve", token: token,
                                    body: #"{"duration": "soon", "reason": "x"}"#).status == 400)
        #expect(try await Self.call("POST", base + "/api/v1/alarms/pump-1/bearing-hot/comment", token: token,
                                    body: "not json").status == 400)

        let detail = try await Self.call("GET", base + "/api/v1/alarms/pump-1/bearing-hot", token: viewer)
        #expect((detail.json["alarm"] as? [String: Any])?["state"] as? String == "active_acknowledged")
        let journal = try #require(detail.json["journal"] as? [[String: Any]])
        #expect(journal.contains { $0["cause"] as? String == "acknowledged" && $0["user"] as? String == "ann"
            && $0["comment"] as? String == "bearing ordered" }, "\(detail.text)")
        #expect(try await Self.call("GET", base + "/api/v1/alarms/pump-9/nothing", token: viewer).status == 404)
        // An unknown alarm is 404 for every command, whatever its body (the README's table).
        #expect(try await Self.call("POST", base + "/api/v1/alarms/pump-9/nothing/shelve", token: token).status == 404)
        #expect(try await Self.call("POST", base + "/api/v1/alarms/pump-9/nothing/comment", token: token,
                                    body: "not json").status == 404)
        #expect(try await Self.call("POST", base + "/api/v1/alarms/pump-9/nothing/confirm", token: token).status == 404)

        // Assets with their latest indicators and annunciated alarms; alarm KPIs from the journal.
        let assets = try await Self.call("GET", base + "/api/v1/assets", token: viewer)
        let list = try #require((try? JSONSerialization.jsonObject(with: assets.body)) as? [[String: Any]], "\(assets.text)")
        let pump = try #require(list.first { $0["asset"] as? String == "pump-1" }, "\(assets.text)")
        #expect(pump["active_alarms"] as? Int == 1, "\(assets.text)")
        let temp = try #require((pump["indicators"] as? [[String: Any]])?.first { $0["channel"] as? String == "temp" }, "\(assets.text)")
        #expect(temp["value"] as? Double == 97 && temp["count"] as? Int == 1, "\(assets.text)")
        let asset = try await Self.call("GET", base + "/api/v1/assets/pump-1", token: viewer)
        #expect((asset.json["indicators"] as? [[String: Any]])?.first?["maximum"] as? Double == 97, "\(asset.text)")
        #expect((asset.json["alarms"] as? [[String: Any]])?.first?["rule"] as? String == "bearing-hot", "\(asset.text)")
        #expect(try await Self.call("GET", base + "/api/v1/assets/pump-9", token: viewer).status == 404)
        let kpis = try await Self.call("GET", base + "/api/v1/kpis?hours=1", token: viewer)
        #expect(kpis.json["activations"] as? Int == 1, "\(kpis.text)")
        #expect((kpis.json["priorities"] as? [[String: Any]])?.contains {
            $0["priority"] as? String == "high" && $0["count"] as? Int == 1 && $0["target"] as? Double == 0.05
        } == true, "\(kpis.text)")
        #expect(try await Self.call("GET", base + "/api/v1/kpis?hours=-3", token: viewer).status == 400)
        #expect(try await Self.call("GET", base + "/api/v1/kpis?hours=week", token: viewer).status == 400)

        // `pdm alarms` with a token goes through the API: journaled with the token's user.
        let cli = try await CommandLineTool(try #require(Executables.pdm), [
            "alarms", "comment", "pump-1/bearing-hot", "vibration analyst informed", "--config", config, "--token", token,
        ], environment: ProcessInfo.processInfo.environment.merging(["HTTP_TEST_TOKEN": token]) { $1 }).finish(timeout: .seconds(30))
        #expect(cli.status == 0 && cli.output.contains("by pdm run (HTTP API)"), "\(cli.output)")
        let commented = try await Self.call("GET", base + "/api/v1/alarms/pump-1/bearing-hot", token: viewer)
        #expect((commented.json["journal"] as? [[String: Any]])?.contains {
            $0["cause"] as? String == "comment" && $0["user"] as? String == "ann" && $0["comment"] as? String == "vibration analyst informed"
        } == true, "\(commented.text)")

        // The OpenAPI document describes every route: each documented path answers (not 404).
        let document = try await Self.call("GET", base + "/openapi.json")
        #expect(document.json["openapi"] as? String == "3.1.0")
        let paths = try #require(document.json["paths"] as? [String: [String: Any]])
        #expect(!paths.isEmpty, "the routes and the document agree both ways: PDMHTTPTests")
        if OpenAPIValidator.available {
            let file = directory + "/openapi.json"
            try document.body.write(to: URL(fileURLWithPath: file))
            let check = try CommandLineTool(CommandLineTool.resolve("python3"), [
                "-c", "import json, sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1]))); print('valid')",
                file,
            ])
            let result = await check.finish(timeout: .seconds(60))
            #expect(result.status == 0 && result.output.contains("valid"), "\(result.output)")
        }
        for (path, operations) in paths where path != "/api/v1/live" {  // the WebSocket: see the console test
            let concrete = path.replacingOccurrences(of: "{asset}", with: "pump-1").replacingOccurrences(of: "{rule}", with: "bearing-hot")
            for method in operations.keys {
                let answer = try await Self.call(method.uppercased(), base + concrete)
                #expect(answer.status != 404 && answer.status != 405, "\(method) \(path): \(answer.status)")
            }
        }

        // Prometheus text exposition of the service's counters.
        let metrics = try await Self.call("GET", base + "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.text.contains("pdm_readings_total 1"), "\(metrics.text.prefix(2000))")
        #expect(metrics.text.contains("# TYPE pdm_alarm_transitions_total counter"), "\(metrics.text.prefix(2000))")
        #expect(metrics.text.contains("pdm_ingest_lag_seconds ") && metrics.text.contains("pdm_ingest_backlog "),
                "\(metrics.text.prefix(2000))")

        #expect(await service.stop(signal: SIGTERM, timeout: .seconds(10)) == 0)
    }
}

/// Python's openapi-spec-validator, when installed (CI installs it).
enum OpenAPIValidator {
    static let available: Bool = PythonModules.available(["openapi_spec_validator"])
}
