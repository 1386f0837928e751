import Foundation
import TestSupport
import Testing

@Suite("Configuration reload", .enabled(if: TestBrokers.available && Executables.pdm != nil,
                                        "needs mosquitto and the built pdm executable"))
struct ConfigReloadTests {
    @Test("SIGHUP applies a valid new file; an invalid file keeps the running configuration and says why")
    func reload() async throws {
        let (port, broker) = try await TestBrokers.plain()
        defer { _ = broker }
        let id = UUID().uuidString.prefix(8)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-reload-\(id)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = directory + "/alarms.yaml"
        func write(limit: String) throws {
            try """
                broker: {host: 127.0.0.1, port: \(port), client_id: pdm-reload-\(id)}
                topics: {prefix: r-\(id)}
                subscriptions:
                  - {topic: "r-\(id)/plant/{asset}/{channel}", qos: 1}
                rules:
                  - {name: hot, channel: temp, above: \(limit), deadband: 1, priority: high}
                """.write(toFile: config, atomically: true, encoding: .utf8)
        }
        try write(limit: "90")
        let log = directory + "/pdm.log"
        let pdm = try ChildProcess(path: try #require(Executables.pdm), arguments: ["run", "--config", config], outputFile: log)
        defer { _ = pdm.stop(signal: SIGKILL, timeout: .seconds(5)) }
        _ = try await Executables.waitForText("subscribed", in: log)
        let sub = try CommandLineTool("mosquitto_sub", ["-h", "127.0.0.1", "-p", "\(port)", "-t", "r-\(id)/alarms/#",
                                                        "-v", "-W", "30", "-q", "1", "-d"])
        try await sub.waitForOutput("Subscribed")
        func publish(_ asset: String, _ value: Double) async throws {
            let pub = try CommandLineTool("mosquitto_pub", ["-h", "127.0.0.1", "-p", "\(port)", "-q", "1",
                                                            "-t", "r-\(id)/plant/\(asset)/temp", "-m", #"{"value": \#(value)}"#])
            #expect(await pub.finish().status == 0)
        }

        try write(limit: "50")
        kill(pdm.pid, SIGHUP)
        _ = try await Executables.waitForText("configuration reloaded", in: log)
        try await publish("pump-1", 60)
        try await sub.waitForOutput("r-\(id)/alarms/pump-1/hot", timeout: .seconds(15))

        try write(limit: "fifty")
        let text = try await Executables.waitForText("keeping the running configuration", in: log)
        #expect(text.contains("rules[0].above: expected a number, found 'fifty'"))
        try await publish("pump-2", 70) // still judged against 50
        try await sub.waitForOutput("r-\(id)/alarms/pump-2/hot", timeout: .seconds(15))
        _ = await sub.finish(timeout: .seconds(1))
        #expect(await pdm.stop(signal: SIGTERM, timeout: .seconds(10)) == 0)
    }
}
