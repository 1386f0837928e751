import AlarmEngine
import AlarmStore
import Foundation
import Logging
import MQTTClient
import MQTTCodec
import Synchronization
import TestSupport
import Testing

/// A QoS 1 message is acknowledged only once its effect is committed: whatever moment pdm is
/// killed at, every message the broker saw acknowledged has its effect in the database, and the
/// broker delivers the others again.
@Suite("Acknowledgement after commit", .enabled(if: MosquittoBroker.executable != nil && Executables.pdm != nil,
                                                "needs mosquitto and the built pdm executable"))
struct AcknowledgementTests {
    /// Messages published so far, read by the test while the publisher runs.
    final class Progress: Sendable {
        let published = Atomic<Int>(0)
    }

    @Test("kill -9 during a QoS 1 stream of alarm-raising readings and ack commands: after restarts, every effect is there")
    func killedMidStream() async throws {
        // Unlimited queue, so nothing the broker holds for the absent pdm is dropped.
        let broker = try await MosquittoBroker(configLines: ["allow_anonymous true", "max_queued_messages 0"])
        let id = UUID().uuidString.prefix(8)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-ack-\(id)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = directory + "/alarms.yaml"
        try """
            broker: {host: 127.0.0.1, port: \(broker.port), client_id: pdm-ack-\(id), clean_start: false, session_expiry: 3600}
            topics: {prefix: k-\(id)}
            subscriptions:
              - {topic: "k-\(id)/plant/{asset}/{channel}", qos: 1}
            storage: {database: state.sqlite}
            rules:
              - {name: bearing-hot, channel: temp, above: 90, priority: high}
            """.write(toFile: config, atomically: true, encoding: .utf8)
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

        // The stream: per asset a reading that raises its alarm; every tenth asset is then
        // acknowledged by an MQTT command.
        let assets = 3000
        let progress = Progress()
        var logger = Logger(label: "test.publisher")
        logger.logLevel = .error
        let publisher = MQTTClient(configuration: MQTTClientConfiguration(host: "127.0.0.1", port: broker.port,
                                                                         clientIdentifier: "pub-\(id)"), logger: logger)
        let connection = Task { try await publisher.run() }
        defer { publisher.shutdown(); connection.cancel() }
        let base = Date().timeIntervalSince1970.rounded(.down)
        let publishing = Task {
            for index in 0..<assets {
                let reading = #"{"ts": \#(base + Double(index) / 1000), "value": 95}"#
                try await publisher.publish(topic: "k-\(id)/plant/pump-\(index)/temp", payload: Array(reading.utf8), qos: .atLeastOnce)
                if index % 10 == 0 {
                    let command = #"{"asset": "pump-\#(index)", "rule": "bearing-hot", "user": "op"}"#
                    try await publisher.publish(topic: "k-\(id)/commands/ack", payload: Array(command.utf8), qos: .atLeastOnce)
                }
                progress.published.store(index + 1, ordering: .relaxed)
            }
        }

        // Killed at moments spread over the stream, restarted at once.
        var generator = SystemRandomNumberGenerator()
        for fraction in [0.2, 0.45, 0.7] {
            let target = Int(Double(assets) * (fraction + Double.random(in: 0..<0.1, using: &generator)))
            while progress.published.load(ordering: .relaxed) < target {
                try await Task.sleep(for: .milliseconds(2))
            }
            _ = await running.stop(signal: SIGKILL, timeout: .seconds(5))
            running = try await start()
        }
        try await publishing.value

        // Every raise and every acknowledgement arrives: nothing acknowledged was lost.
        let database = try AlarmDatabase(path: directory + "/state.sqlite")
        let deadline = ContinuousClock.now + .seconds(90)
        var alarms: [Alarm] = []
        while ContinuousClock.now < deadline {
            // The bearing alarms (the burst also raises the area's flood alarm).
            alarms = try database.alarms(AlarmFilter(limit: Int.max)).filter { $0.key.rule == "bearing-hot" }
            if alarms.count == assets, alarms.filter(\.acknowledged).count == assets / 10 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(await running.stop(signal: SIGTERM, timeout: .seconds(30)) == 0)
        let raised = Set(alarms.map(\.key.asset))
        let missing = (0..<assets).map { "pump-\($0)" }.filter { !raised.contains($0) }
        #expect(missing.isEmpty, "\(missing.count) acknowledged readings lost, e.g. \(missing.prefix(5))")
        let acknowledged = Set(alarms.filter(\.acknowledged).map(\.key.asset))
        let lostAcks = stride(from: 0, to: assets, by: 10).map { "pump-\($0)" }.filter { !acknowledged.contains($0) }
        #expect(lostAcks.isEmpty, "\(lostAcks.count) acknowledged ack commands lost, e.g. \(lostAcks.prefix(5))")
        #expect(try database.integrityCheck() == "ok")
        // At least once: a raise redelivered after a kill is no second occurrence.
        let repeated = alarms.filter { $0.occurrence != 1 }
        let firstJournal = try repeated.first.map { try database.journal(for: $0.key) } ?? []
        let summary = "\(repeated.count) raised again: \(repeated.prefix(3).map { "\($0.key) #\($0.occurrence) \($0.state)" }); "
            + "\(alarms.count) alarms, \(alarms.filter(\.acknowledged).count) acknowledged; journal of the first: \(firstJournal)"
        #expect(repeated.isEmpty, "\(summary)")
    }
}
