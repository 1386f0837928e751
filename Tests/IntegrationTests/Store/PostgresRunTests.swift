import AlarmEngine
import AlarmStore
import Foundation
import Logging
import PostgresStore
import TestSupport
import Testing

/// `pdm run` keeping its state in PostgreSQL: a real mosquitto, a throw-away PostgreSQL cluster
/// and pdm as a child process.
@Suite("pdm run on PostgreSQL",
       .enabled(if: TestBrokers.available && Executables.pdm != nil && PostgresServer.available,
                "needs mosquitto, the built pdm and PostgreSQL's initdb and pg_ctl (apt-get install -y postgresql)"))
struct PostgresRunTests {
    @Test("an alarm raised by a reading is in PostgreSQL, the password stays out of the log, a restart restores it",
          .timeLimit(.minutes(3)))
    func alarmStateLivesInPostgres() async throws {
        let (port, broker) = try await TestBrokers.plain()
        defer { _ = broker }
        let server = try await PostgresServer()
        let id = UUID().uuidString.prefix(8)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-pg-\(id)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let password = "pw-\(UUID().uuidString)"
        let config = directory + "/alarms.yaml"
        try """
            broker: {host: 127.0.0.1, port: \(port), client_id: pdm-pg-\(id)}
            topics: {prefix: g-\(id)}
            subscriptions:
              - {topic: "g-\(id)/plant/{asset}/{channel}", qos: 1}
            storage:
              postgres: {url: "postgres://\(server.user):${PDM_TEST_PG_PASSWORD}@127.0.0.1:\(server.port)/postgres?sslmode=disable"}
            rules:
              - {name: bearing-hot, channel: temp, above: 90, deadband: 5, priority: high}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let environment = ProcessInfo.processInfo.environment.merging(["PDM_TEST_PG_PASSWORD": password]) { $1 }
        let pdm = try #require(Executables.pdm)
        let log = directory + "/pdm.log"
        let service = try ChildProcess(path: pdm, arguments: ["run", "--config", config], outputFile: log, environment: environment)
        _ = try await Executables.waitForText("subscribed", in: log)

        let events = try CommandLineTool("mosquitto_sub", ["-h", "127.0.0.1", "-p", "\(port)", "-t", "g-\(id)/alarms/+/+/event",
                                                           "-C", "1", "-W", "30", "-q", "1", "-d"])
        try await events.waitForOutput("Subscribed")
        let pub = try CommandLineTool("mosquitto_pub", ["-h", "127.0.0.1", "-p", "\(port)", "-q", "1",
                                                        "-t", "g-\(id)/plant/pump-1/temp", "-m", #"{"value": 97}"#])
        #expect(await pub.finish().status == 0)
        // The event is published once the alarm is committed, to PostgreSQL.
        let event = await events.finish(timeout: .seconds(30))
        #expect(event.output.contains("bearing-hot"), "\(event.output)")

        var logger = Logger(label: "test.postgres")
        logger.logLevel = .critical
        let store = PostgresStore(endpoint: PostgresEndpoint(host: "127.0.0.1", port: server.port, user: server.user,
                                                             database: "postgres", tls: .disable), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            defer { group.cancelAll() }
            let key = AlarmKey(asset: "pump-1", rule: "bearing-hot")
            #expect(try await store.perform(.alarm(key))?.state == .unacknowledged)
            #expect(try await store.perform(.journal(for: key)).map(\.cause) == [.conditionActive])
            #expect(try await store.perform(.heartbeat()) != nil, "the running service beats in the shared store")

            #expect(await service.stop(signal: SIGTERM, timeout: .seconds(20)) == 0)
            #expect(try await store.perform(.heartbeat()) == nil, "a clean stop clears the heartbeat")
            let text = try String(contentsOfFile: log, encoding: .utf8)
            #expect(text.contains("postgres://\(server.user)@127.0.0.1:\(server.port)/postgres"), "the store named without its password")
            #expect(!text.contains(password))

            // A restart takes the alarm up from PostgreSQL.
            let second = directory + "/pdm-2.log"
            let restarted = try ChildProcess(path: pdm, arguments: ["run", "--config", config], outputFile: second,
                                             environment: environment)
            let restored = try await Executables.waitForText("alarm state restored", in: second)
            #expect(restored.contains("alarms=1") || restored.contains("alarms: 1") || restored.contains("\"alarms\":\"1\""),
                    "\(restored.suffix(400))")
            // Stopped once running (a signal before the service group is up ends the process at once).
            _ = try await Executables.waitForText("subscribed", in: second)
            let status = await restarted.stop(signal: SIGTERM, timeout: .seconds(20))
            #expect(status == 0, "stopped with \(String(describing: status)): \(((try? String(contentsOfFile: second, encoding: .utf8)) ?? "").suffix(3000))")
        }
    }
}
