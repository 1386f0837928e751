import AlarmEngine
import AlarmStore
import Foundation
import Logging
import MQTTClient
import MQTTCodec
import Synchronization
import TestSupport
import Testing

/// A QoS 1 stream of alarm-raising readings and ack commands through a real mosquitto into `pdm
/// run`, while pdm is killed with SIGKILL at random moments (and, if asked, the broker is
/// restarted), each time started again at once. Afterwards it checks what an alarm system must
/// keep: every reading has its alarm, every ack its acknowledged alarm, raised once; the database
/// is intact and its journals consistent; and every notification was delivered under its key.
struct ChaosRun {
    /// Readings (one asset each); every tenth asset is then acknowledged by an MQTT command.
    var assets = 3000
    /// Fractions of the stream at which pdm is killed (each moved by up to 10 % at random).
    var kills: [Double] = [0.2, 0.45, 0.7]
    /// Fractions of the stream at which the broker is restarted (SIGTERM, persistent).
    var brokerRestarts: [Double] = []
    /// Whether each raise notifies a webhook receiver through the outbox.
    var notifications = false

    final class Progress: Sendable {
        let published = Atomic<Int>(0)
    }

    func run() async throws {
        let id = UUID().uuidString.prefix(8)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-chaos-\(id)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Unlimited queue, so nothing the broker holds for the absent pdm is dropped; persistence,
        // so a restarted broker still has the sessions and their queues.
        let broker = try await MosquittoBroker(configLines: [
            "allow_anonymous true", "max_queued_messages 0", "persistence true", "persistence_location \(directory)/",
        ])
        let hook = try await HTTPReceiver()
        hook.respond { _ in .status(200) }
        let config = directory + "/alarms.yaml"
        try """
            broker: {host: 127.0.0.1, port: \(broker.port), client_id: pdm-chaos-\(id), clean_start: false, session_expiry: 3600}
            topics: {prefix: c-\(id)}
            subscriptions:
              - {topic: "c-\(id)/plant/{asset}/{channel}", qos: 1}
            storage: {database: state.sqlite}
            flood: {enabled: false}
            """.appending(notifications ? """

            receivers:
              cmms: {kind: webhook, url: "http://127.0.0.1:\(hook.port)/orders", retry: {initial: 100ms, max: 1s}}
            routes:
              - {match: {priority: high}, notify: [cmms]}
            rules:
              - {name: bearing-hot, channel: temp, above: 90, priority: high}
            """ : """

            rules:
              - {name: bearing-hot, channel: temp, above: 90, priority: high}
            """).write(toFile: config, atomically: true, encoding: .utf8)
        let pdm = try #require(Executables.pdm)
        var runs = 0
        func start() async throws -> ChildProcess {
            runs += 1
            let log = directory + "/pdm.\(runs).log"
            let process = try ChildProcess(path: pdm, arguments: ["run", "--config", config], outputFile: log)
            _ = try await Executables.waitForText("subscribed", in: log, timeout: .seconds(30))
            return process
        }
        var running = try await start()

        let progress = Progress()
        var logger = Logger(label: "test.publisher")
        logger.logLevel = .critical
        let publisher = MQTTClient(configuration: MQTTClientConfiguration(host: "127.0.0.1", port: broker.port,
                                                                         clientIdentifier: "pub-\(id)"), logger: logger)
        let connection = Task { try await publisher.run() }
        defer { publisher.shutdown(); connection.cancel() }
        let base = Date().timeIntervalSince1970.rounded(.down)
        let assets = assets
        let publishing = Task {
            for index in 0..<assets {
                let reading = #"{"ts": \#(base + Double(index) / 1000), "value": 95}"#
                try await publisher.publish(topic: "c-\(id)/plant/pump-\(index)/temp", payload: Array(reading.utf8), qos: .atLeastOnce)
                if index % 10 == 0 {
                    let command = #"{"asset": "pump-\#(index)", "rule": "bearing-hot", "user": "op"}"#
                    try await publisher.publish(topic: "c-\(id)/commands/ack", payload: Array(command.utf8), qos: .atLeastOnce)
                }
                progress.published.store(index + 1, ordering: .relaxed)
            }
        }

        var generator = SystemRandomNumberGenerator()
        let events = (kills.map { ($0, true) } + brokerRestarts.map { ($0, false) }).sorted { $0.0 < $1.0 }
        for (fraction, killsPDM) in events {
            let target = Int(Double(assets) * (fraction + Double.random(in: 0..<0.1, using: &generator)))
            let deadline = ContinuousClock.now + .seconds(120)
            while progress.published.load(ordering: .relaxed) < target, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(2))
            }
            if killsPDM {
                _ = await running.stop(signal: SIGKILL, timeout: .seconds(5))
                running = try await start()
            } else {
                try await broker.restart()
            }
        }
        try await publishing.value

        // Every raise and every acknowledgement arrives: nothing acknowledged was lost.
        let database = try AlarmDatabase(path: directory + "/state.sqlite")
        let deadline = ContinuousClock.now + .seconds(90)
        var alarms: [Alarm] = []
        while true {
            alarms = try database.alarms(AlarmFilter(limit: Int.max))
            if alarms.count == assets, alarms.filter(\.acknowledged).count == assets / 10 { break }
            guard ContinuousClock.now < deadline else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let raised = Set(alarms.map(\.key.asset))
        let missing = (0..<assets).map { "pump-\($0)" }.filter { !raised.contains($0) }
        #expect(missing.isEmpty, "\(missing.count) acknowledged readings lost, e.g. \(missing.prefix(5))")
        let acknowledged = Set(alarms.filter(\.acknowledged).map(\.key.asset))
        let lostAcks = stride(from: 0, to: assets, by: 10).map { "pump-\($0)" }.filter { !acknowledged.contains($0) }
        #expect(lostAcks.isEmpty, "\(lostAcks.count) acknowledged ack commands lost, e.g. \(lostAcks.prefix(5))")
        // At least once: a raise redelivered after a kill is no second occurrence.
        let repeated = alarms.filter { $0.occurrence != 1 }
        #expect(repeated.isEmpty, "\(repeated.count) raised again, e.g. \(repeated.prefix(3).map(\.key))")

        // Journals: one raise per alarm, and the alarm's state is where its journal ends.
        let journal = try database.journal(after: 0, limit: 1_000_000).map(\.entry)
        var byKey: [AlarmKey: [AlarmTransition]] = [:]
        for entry in journal { byKey[entry.key, default: []].append(entry) }
        let inconsistent = alarms.filter { alarm in
            let entries = byKey[alarm.key] ?? []
            return entries.filter { $0.cause == .conditionActive }.count != 1 || entries.last?.to != alarm.state
        }
        #expect(inconsistent.isEmpty, "\(inconsistent.count) alarms whose journal disagrees, e.g. \(inconsistent.prefix(3).map(\.key))")

        if notifications {
            // Every outbox entry delivered (raises, and the acknowledgements the route reports too).
            let deadline = ContinuousClock.now + .seconds(60)
            while try !database.pendingNotifications().isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            let pending = try database.pendingNotifications()
            #expect(pending.isEmpty, "\(pending.count) notifications still waiting, e.g. \(pending.prefix(3).map(\.idempotencyKey))")
            #expect(try database.deadLetters().isEmpty)
            let keys = Set(hook.requests.compactMap { $0.header("Idempotency-Key") })
            let notified = Set(keys.compactMap { $0.split(separator: "/").first.map(String.init) })
            let raises = alarms.filter { notified.contains($0.key.asset) }.count
            #expect(raises == assets, "\(raises) of \(assets) alarms notified the receiver; \(keys.count) keys in all")
        }
        #expect(await running.stop(signal: SIGTERM, timeout: .seconds(30)) == 0)
        #expect(try database.integrityCheck() == "ok")
    }
}
