import AlarmStore
import Foundation
import TestSupport
import Testing

@Suite("pdm alarms against the database and the running service",
       .enabled(if: TestBrokers.available && Executables.pdm != nil, "needs mosquitto and the built pdm executable"))
struct AlarmCommandTests {
    @Test("raise over MQTT, acknowledge through the running service, shelve directly after it stopped, restored on restart")
    func lifecycleAcrossProcesses() async throws {
        let (port, broker) = try await TestBrokers.plain()
        defer { _ = broker }
        let id = UUID().uuidString.prefix(8)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-cmd-\(id)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = directory + "/alarms.yaml"
        try """
            broker: {host: 127.0.0.1, port: \(port), client_id: pdm-cmd-\(id)}
            topics: {prefix: c-\(id)}
            subscriptions:
              - {topic: "c-\(id)/plant/{asset}/{channel}", qos: 1}
            storage: {database: state.sqlite}
            receivers:
              console: {kind: mqtt}
            escalation:
              plant: {levels: [{after: 0, notify: [console]}]}
            rules:
              - {name: bearing-hot, channel: temp, above: 90, deadband: 5, priority: high, escalation: plant}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let pdm = try #require(Executables.pdm)
        func alarms(_ arguments: [String]) async throws -> (status: Int32, output: String) {
            try await CommandLineTool(pdm, ["alarms"] + arguments + ["--config", config]).finish(timeout: .seconds(30))
        }

        let log = directory + "/pdm.log"
        var service = try ChildProcess(path: pdm, arguments: ["run", "--config", config], outputFile: log)
        _ = try await Executables.waitForText("subscribed", in: log)
        let sub = try CommandLineTool("mosquitto_sub", ["-h", "127.0.0.1", "-p", "\(port)", "-t", "c-\(id)/alarms/#",
                                                        "-v", "-W", "30", "-q", "1", "-d"])
        try await sub.waitForOutput("Subscribed")
        let pub = try CommandLineTool("mosquitto_pub", ["-h", "127.0.0.1", "-p", "\(port)", "-q", "1",
                                                        "-t", "c-\(id)/plant/pump-3/temp", "-m", #"{"value": 97}"#])
        #expect(await pub.finish().status == 0)
        try await sub.waitForOutput(#""state":"active_unacknowledged""#, timeout: .seconds(15))

        let listed = try await alarms(["list"])
        #expect(listed.status == 0)
        #expect(listed.output.contains("high") && listed.output.contains("active_unacknowledged")
            && listed.output.contains("pump-3/bearing-hot"), "\(listed.output)")

        let ack = try await alarms(["ack", "pump-3/bearing-hot", "--user", "ann", "--comment", "checking the bearing"])
        #expect(ack.status == 0, "\(ack.output)")
        #expect(ack.output.contains("applied by pdm run"), "\(ack.output)")
        try await sub.waitForOutput(#""state":"active_acknowledged""#, timeout: .seconds(15))
        let twice = try await alarms(["ack", "pump-3/bearing-hot", "--user", "ann"])
        #expect(twice.status == 1 && twice.output.contains("refused: cannot acknowledge pump-3/bearing-hot: it is active_acknowledged"),
                "\(twice.output)")
        _ = await sub.finish(timeout: .seconds(1))

        #expect(await service.stop(signal: SIGTERM, timeout: .seconds(10)) == 0)
        // The readings went into the feature history (the open bucket is written at shutdown).
        let history = try AlarmDatabase(path: directory + "/state.sqlite").features(asset: "pump-3")
        #expect(history.map(\.channel) == ["temp"] && history.first?.mean == 97)
        let shelve = try await alarms(["shelve", "pump-3/bearing-hot", "--for", "1h", "--reason", "bearing on order", "--user", "bob"])
        #expect(shelve.status == 0, "\(shelve.output)")
        #expect(shelve.output.contains("pump-3/bearing-hot: shelved"))
        let tooLong = try await alarms(["shelve", "pump-3/bearing-hot", "--for", "3d", "--reason", "x", "--user", "bob"])
        #expect(tooLong.status == 1 && tooLong.output.contains("at most 28800 s"), "\(tooLong.output)")

        let shown = try await alarms(["show", "pump-3/bearing-hot"])
        #expect(shown.output.contains("shelved by bob"))
        #expect(shown.output.contains("normal → active_unacknowledged  condition_active"))
        #expect(shown.output.contains("active_unacknowledged → active_acknowledged  acknowledged  by ann"))
        #expect(shown.output.contains("\"checking the bearing\""))
        #expect(shown.output.contains("notified: console"))
        let kpi = try await alarms(["kpi", "--hours", "1"])
        #expect(kpi.output.contains("last 1 h: 1 alarms raised"), "\(kpi.output)")
        #expect(kpi.output.contains("  pump-3/bearing-hot: 1 (100 %)"))
        #expect(kpi.output.contains("  high: 1 (100 %), target 5 %"))

        service = try ChildProcess(path: pdm, arguments: ["run", "--config", config], outputFile: log + ".2")
        let restarted = try await Executables.waitForText("alarm state restored", in: log + ".2")
        #expect(restarted.contains("alarms=1"), "\(restarted)")
        _ = try await Executables.waitForText("subscribed", in: log + ".2")
        #expect(await service.stop(signal: SIGTERM, timeout: .seconds(10)) == 0)
        let after = try await alarms(["list", "--json"])
        #expect(after.output.contains(#""state":"shelved""#), "\(after.output)")
    }
}
