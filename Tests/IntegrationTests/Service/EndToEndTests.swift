import Foundation
import TestSupport
import Testing

@Suite("pdm run end to end", .enabled(if: TestBrokers.available && Executables.pdm != nil,
                                       "needs mosquitto and the built pdm executable"))
struct EndToEndTests {
    @Test("readings from mosquitto_pub raise and clear an alarm that mosquitto_sub sees; SIGTERM stops cleanly")
    func raiseAndClear() async throws {
        let (port, broker) = try await TestBrokers.plain()
        defer { _ = broker }
        let id = UUID().uuidString.prefix(8)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-e2e-\(id)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("alarms.yaml").path
        try """
            broker:
              host: 127.0.0.1
              port: ${E2E_PORT}
              client_id: pdm-e2e-\(id)
            topics:
              prefix: e2e-\(id)
            subscriptions:
              - topic: e2e-\(id)/plant/{asset}/{channel}
                qos: 1
            rules:
              - name: bearing-hot
                channel: temp
                above: 90
                deadband: 5
                priority: high
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let log = directory.appendingPathComponent("pdm.log").path
        let pdm = try ChildProcess(path: try #require(Executables.pdm), arguments: ["run", "--config", config],
                                   outputFile: log,
                                   environment: ProcessInfo.processInfo.environment.merging(["E2E_PORT": "\(port)"]) { $1 })
        _ = try await Executables.waitForText("subscribed", in: log)

        let sub = try CommandLineTool("mosquitto_sub", ["-h", "127.0.0.1", "-p", "\(port)", "-t", "e2e-\(id)/alarms/+/+/event",
                                                        "-v", "-C", "2", "-W", "20", "-q", "1", "-d"])
        try await sub.waitForOutput("Subscribed")
        for (ts, value) in [(1, 80.0), (2, 95), (3, 93), (4, 88), (5, 84)] {
            let reading = #"{"ts": \#(1_700_000_000 + ts), "value": \#(value)}"#
            let pub = try CommandLineTool("mosquitto_pub", ["-h", "127.0.0.1", "-p", "\(port)", "-q", "1",
                                                            "-t", "e2e-\(id)/plant/pump-7/temp", "-m", reading])
            #expect(await pub.finish().status == 0)
        }
        let result = await sub.finish(timeout: .seconds(25))
        let lines = result.output.split(separator: "\n").map(String.init).filter { $0.hasPrefix("e2e-") }
        #expect(lines.count == 2, "mosquitto_sub printed: \(result.output)")
        #expect(lines.first?.hasPrefix("e2e-\(id)/alarms/pump-7/bearing-hot/event {") == true)
        #expect(lines.first?.contains(#""state":"active_unacknowledged""#) == true)
        #expect(lines.first?.contains(#""value":95"#) == true)
        #expect(lines.last?.contains(#""state":"returned_unacknowledged""#) == true)
        #expect(lines.last?.contains(#""value":84"#) == true)
        // A subscriber arriving later sees the current state, retained.
        let late = try CommandLineTool("mosquitto_sub", ["-h", "127.0.0.1", "-p", "\(port)", "-t", "e2e-\(id)/alarms/+/+/state",
                                                         "-v", "-C", "1", "-W", "10"])
        let retained = await late.finish(timeout: .seconds(15))
        #expect(retained.output.hasPrefix("e2e-\(id)/alarms/pump-7/bearing-hot/state {"), "\(retained.output)")
        #expect(retained.output.contains(#""state":"returned_unacknowledged""#), "\(retained.output)")

        #expect(await pdm.stop(signal: SIGTERM, timeout: .seconds(10)) == 0, "pdm exits 0 on SIGTERM")
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.contains("stopped"))
    }

    @Test("pdm run refuses an invalid configuration and says where")
    func invalidConfiguration() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-bad-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "broker:\n  port: seventy\nsubscriptions: [{topic: 'a/{asset}'}]\n".write(toFile: file, atomically: true, encoding: .utf8)
        let run = try CommandLineTool(try #require(Executables.pdm), ["run", "--config", file])
        let result = await run.finish()
        #expect(result.status == 2)
        #expect(result.output.contains("\(file):2:9: broker.port: expected a whole number, found 'seventy'"))
    }
}
