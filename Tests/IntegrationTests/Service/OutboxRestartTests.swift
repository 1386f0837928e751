import AlarmEngine
import AlarmStore
import Foundation
import TestSupport
import Testing

@Suite("Outbox across kill -9", .enabled(if: TestBrokers.available && Executables.pdm != nil,
                                         "needs mosquitto and the built pdm executable"))
struct OutboxRestartTests {
    @Test("killed with notifications in flight: after the restart every one arrives, under its own key, none lost")
    func everyNotificationArrivesAfterAKill() async throws {
        let (port, broker) = try await TestBrokers.plain()
        defer { _ = broker }
        let hook = try await HTTPReceiver()
        // Slow, and after ten answers slower than the test, so that the kill finds notifications
        // waiting and in flight however late the test gets to it.
        let answered = TestCounter()
        hook.respond { _ in answered.next() < 10 ? .delayed(0.2, .status(200)) : .delayed(30, .status(200)) }
        let id = UUID().uuidString.prefix(8)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-outbox-\(id)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = directory + "/alarms.yaml"
        try """
            broker: {host: 127.0.0.1, port: \(port), client_id: pdm-o-\(id)}
            topics: {prefix: o-\(id)}
            subscriptions:
              - {topic: "o-\(id)/plant/{asset}/{channel}", qos: 1}
            storage: {database: state.sqlite}
            receivers:
              cmms: {kind: webhook, url: "http://127.0.0.1:\(hook.port)/orders", retry: {initial: 100ms, max: 1s}}
            escalation:
              plant: {levels: [{after: 0, notify: [cmms]}]}
            rules:
              - {name: bearing-hot, channel: temp, above: 90, priority: high, escalation: plant}
            """.write(toFile: config, atomically: true, encoding: .utf8)

        // Forty raised alarms whose notifications are still in the outbox.
        let count = 40
        var expected: Set<String> = []
        do {
            let database = try AlarmDatabase(path: directory + "/state.sqlite")
            let now = Date().timeIntervalSince1970
            for index in 0..<count {
                let key = AlarmKey(asset: "pump-\(index)", rule: "bearing-hot")
                var alarm = Alarm(key: key, priority: .high, area: "plant", message: "hot", now: now)
                alarm.occurrence = 1
                alarm.conditionActive = true
                alarm.acknowledged = false
                let intent = NotificationIntent(kind: .raised, key: key, occurrence: 1, step: "level-0", receivers: ["cmms"],
                                                time: now, priority: .high, state: alarm.state, value: 95, message: "hot", level: 0)
                try database.apply([.save(alarm), .notify(intent)])
                expected.insert(intent.idempotencyKey + "/cmms")
            }
        }

        let pdm = try #require(Executables.pdm)
        let log = directory + "/pdm.log"
        let first = try ChildProcess(path: pdm, arguments: ["run", "--config", config], outputFile: log)
        _ = await hook.waitForRequests(10, timeout: 20)
        _ = await first.stop(signal: SIGKILL, timeout: .seconds(5))
        let beforeRestart = hook.requests.count
        #expect(beforeRestart >= 10 && beforeRestart < count, "killed part-way (\(beforeRestart) requests)")

        hook.respond { _ in .status(200) }
        let second = try ChildProcess(path: pdm, arguments: ["run", "--config", config], outputFile: log + ".2")
        let wanted = expected
        let requests = await hook.waitUntil(timeout: 30) { requests in
            Set(requests.compactMap { $0.header("Idempotency-Key") }).isSuperset(of: wanted)
        }
        let keys = requests.compactMap { $0.header("Idempotency-Key") }
        let secondLog = (try? String(contentsOfFile: log + ".2", encoding: .utf8)) ?? ""
        #expect(Set(keys) == expected, "every notification arrived; pdm's log: \(secondLog.suffix(3000))")
        // At least once: a notification in flight at the kill, or whose outcome was being written,
        // may come again, with the same key: at most two windows of 8 requests in flight.
        let repeated = keys.count - Set(keys).count
        #expect(repeated <= 16, "only what was in flight is repeated (\(repeated)); outcomes are written as they come")
        let stopped = await second.stop(signal: SIGTERM, timeout: .seconds(30))
        #expect(stopped == 0, "pdm's log: \(((try? String(contentsOfFile: log + ".2", encoding: .utf8)) ?? "").suffix(4000))")

        let database = try AlarmDatabase(path: directory + "/state.sqlite")
        #expect(try database.pendingNotifications().isEmpty)
        #expect(try database.deadLetters().isEmpty)
        #expect(try database.integrityCheck() == "ok")
    }
}
