import Foundation
import TestSupport
import Testing

/// A Sparkplug B edge node (Tests/Peers/sparkplug_edge.py, on the pysparkplug library) publishing
/// through real mosquitto to `pdm run`: births and aliased data, a sequence gap answered with a
/// rebirth request, the node's death (its will, after kill -9) raising communication_lost without
/// clearing the value alarm, and a new birth restoring it.
@Suite("Sparkplug B end to end", .enabled(if: TestBrokers.available && Executables.pdm != nil && PythonModules.available(["pysparkplug"]),
                                          "needs mosquitto, the built pdm executable and Python's pysparkplug"))
struct SparkplugEndToEndTests {
    static let edgeScript = Repository.root.appendingPathComponent("Tests/Peers/sparkplug_edge.py").path

    /// Waits (bounded) until a line of the tool's output satisfies `condition`.
    static func waitForLine(in tool: CommandLineTool, timeout: Duration, _ condition: (Substring) -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if tool.output.split(separator: "\n").contains(where: condition) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return tool.output.split(separator: "\n").contains(where: condition)
    }

    @Test("birth, aliased data, a gap that asks for a rebirth, death as communication_lost, and a new birth")
    func edgeNodeLifecycle() async throws {
        let (port, broker) = try await TestBrokers.plain()
        defer { _ = broker }
        let id = UUID().uuidString.prefix(8).lowercased()
        let group = "plant-\(id)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-spb-\(id)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("alarms.yaml").path
        try """
            broker: {host: 127.0.0.1, port: \(port), client_id: pdm-spb-\(id)}
            topics: {prefix: spb-\(id)}
            storage: {database: \(directory.appendingPathComponent("state.sqlite").path)}
            sparkplug: {group: \(group), rebirth_interval: 2s}
            rules:
              - {name: temp-high, channel: temp, above: 90, deadband: 5, priority: high}
              - {name: comm-lost, communication_lost: true, priority: high}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let log = directory.appendingPathComponent("pdm.log").path
        let pdm = try ChildProcess(path: try #require(Executables.pdm), arguments: ["run", "--config", config], outputFile: log)
        _ = try await Executables.waitForText("spBv1.0/\(group)/+/+/#", in: log)
        let events = try CommandLineTool("mosquitto_sub", ["-h", "127.0.0.1", "-p", "\(port)", "-t", "spb-\(id)/alarms/+/+/event",
                                                           "-v", "-q", "1", "-d"])
        try await events.waitForOutput("Subscribed")

        func control(_ text: String) async throws {
            let pub = try CommandLineTool("mosquitto_pub", ["-h", "127.0.0.1", "-p", "\(port)", "-q", "1", "-t", "edge-control/\(group)/gw1", "-m", text])
            #expect(await pub.finish().status == 0)
        }
        func startEdge(bdSeq: Int) throws -> CommandLineTool {
            try CommandLineTool("python3", [Self.edgeScript, "127.0.0.1", "\(port)", group, "gw1", "pump-1", "\(bdSeq)"])
        }

        // Birth, then data by alias only: the value alarm is raised on the device as asset.
        let edge = try startEdge(bdSeq: 0)
        try await edge.waitForOutput("born 1")
        try await control("data 95")
        try await events.waitForOutput(#"spb-\#(id)/alarms/pump-1/temp-high/event {"#)
        #expect(events.output.contains(#""state":"active_unacknowledged""#))
        #expect(events.output.contains(#""value":95"#), "the aliased metric resolved through the birth")

        // A gap in the sequence: pdm asks for a rebirth, and the node is born again.
        try await control("gap")
        try await control("data 96")
        try await edge.waitForOutput("rebirth-requested")
        try await edge.waitForOutput("born 2")

        // kill -9: the broker publishes the node's death (its will). Communication is lost; the
        // value alarm is inhibited, not cleared.
        _ = await edge.finish(timeout: .zero)
        try await events.waitForOutput(#"spb-\#(id)/alarms/pump-1/comm-lost/event {"#)
        try await events.waitForOutput(#""state":"suppressed""#)
        let afterDeath = events.output
        #expect(afterDeath.contains(#"spb-\#(id)/alarms/gw1/comm-lost/event {"#), "the node's own metrics are stale too")
        #expect(!afterDeath.contains(#""state":"returned_unacknowledged""#), "nothing cleared on the death: \(afterDeath)")

        // A new session: fresh values restore communication and judge the value alarm again (60 < 85).
        let again = try startEdge(bdSeq: 1)
        try await again.waitForOutput("born 1")
        let restored = try await Self.waitForLine(in: events, timeout: .seconds(30)) {
            $0.hasPrefix("spb-\(id)/alarms/pump-1/comm-lost/event {") && $0.contains(#""state":"returned_unacknowledged""#)
        }
        #expect(restored)
        let released = try await Self.waitForLine(in: events, timeout: .seconds(30)) {
            $0.hasPrefix("spb-\(id)/alarms/pump-1/temp-high/event {") && $0.contains(#""state":"returned_unacknowledged""#)
        }
        #expect(released, "the fresh value cleared the value alarm: \(events.output)")
        try await control("quit")
        _ = await again.finish(timeout: .seconds(5))
        _ = await events.finish(timeout: .zero)
        #expect(await pdm.stop(signal: SIGTERM, timeout: .seconds(10)) == 0)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.contains("Sparkplug rebirth requested"))
    }
}

extension SparkplugEndToEndTests {
    static let hostScript = Repository.root.appendingPathComponent("Tests/Peers/sparkplug_host.py").path

    @Test("pdm as an edge node: its birth, an asset's alarm state as a device's metrics, read by pysparkplug; its will after kill -9")
    func pdmPublishesAsAnEdgeNode() async throws {
        let (port, broker) = try await TestBrokers.plain()
        defer { _ = broker }
        let id = UUID().uuidString.prefix(8).lowercased()
        let group = "plant-\(id)", own = "pdm-\(id)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-spb-out-\(id)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("alarms.yaml").path
        try """
            broker: {host: 127.0.0.1, port: \(port), client_id: pdm-spb-out-\(id)}
            topics: {prefix: spb-out-\(id)}
            storage: {database: \(directory.appendingPathComponent("state.sqlite").path)}
            sparkplug: {group: \(group), publish: {group: \(own), node: pdm}}
            rules:
              - {name: temp-high, channel: temp, above: 90, deadband: 5, priority: high}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let host = try CommandLineTool("python3", [Self.hostScript, "127.0.0.1", "\(port)", own])
        try await host.waitForOutput("subscribed")
        let log = directory.appendingPathComponent("pdm.log").path
        let pdm = try ChildProcess(path: try #require(Executables.pdm), arguments: ["run", "--config", config], outputFile: log)
        _ = try await Executables.waitForText("spBv1.0/\(group)/+/+/#", in: log)
        try await host.waitForOutput("NBIRTH pdm - seq=0")

        let edge = try CommandLineTool("python3", [Self.edgeScript, "127.0.0.1", "\(port)", group, "gw1", "pump-1", "0"])
        try await edge.waitForOutput("born 1")
        let pub = try CommandLineTool("mosquitto_pub", ["-h", "127.0.0.1", "-p", "\(port)", "-q", "1", "-t", "edge-control/\(group)/gw1", "-m", "data 95"])
        #expect(await pub.finish().status == 0)
        // The asset becomes a device of pdm's node, its alarm state a metric.
        try await host.waitForOutput("Alarms/temp-high/State=active_unacknowledged")
        let birth = host.output.split(separator: "\n").first { $0.hasPrefix("NBIRTH pdm") }.map(String.init) ?? ""
        #expect(host.output.contains("DBIRTH pdm pump-1"), "\(host.output)")
        #expect(host.output.contains("Alarms/temp-high/Active=True"))

        // kill -9: the broker publishes pdm's death, with the bdSeq of its birth.
        _ = await pdm.stop(signal: SIGKILL, timeout: .seconds(10))
        try await host.waitForOutput("NDEATH pdm -")
        let death = host.output.split(separator: "\n").first { $0.hasPrefix("NDEATH pdm") }.map(String.init) ?? ""
        let bdSeq = { (line: String) in line.split(separator: " ").first { $0.hasPrefix("bdSeq=") } }
        #expect(bdSeq(death) != nil && bdSeq(death) == bdSeq(birth), "death \(death), birth \(birth)")
        _ = await edge.finish(timeout: .zero)
        _ = await host.finish(timeout: .zero)
    }
}
