import Foundation
import PDMRuntime
import Prognostics
import Testing
import TestSupport

@Suite("pdm run with models", .enabled(if: TestBrokers.available && Executables.pdm != nil,
                                        "needs mosquitto and the built pdm executable"))
struct ModelReloadTests {
    static func model(version: Int) -> PrognosticModel {
        PrognosticModel(
            name: "pump", version: version, fittedAt: "", description: "test model", assets: ["pump-*"],
            timeUnit: "s", timeStep: 1, horizon: 1000,
            healthIndicator: HealthIndicator(channels: [.init(name: "temp", center: 50, scale: 10, weight: 1, low: -40, high: 200)],
                                             bias: 0),
            threshold: Threshold(value: 4, spread: 0), method: .linear,
            linear: DegradationModel(shape: .linear, offset: 0,
                                     prior: LinePrior(intercept: 0, slope: 0.01, interceptVariance: 1, slopeVariance: 1e-4,
                                                      covariance: 0, noiseVariance: 0.01),
                                     memory: 50, onset: 0.5, durations: [100]))
    }

    @Test("RUL estimates are published retained per asset; a new model file is picked up while running, a broken one is refused")
    func estimatesAndHotSwap() async throws {
        let (port, broker) = try await TestBrokers.plain()
        defer { _ = broker }
        let id = UUID().uuidString.prefix(8)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-models-\(id)").path
        try FileManager.default.createDirectory(atPath: directory + "/models", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try ModelLibrary.write(Self.model(version: 1), to: directory + "/models/pump.json")
        let config = directory + "/alarms.yaml"
        try """
            broker: {host: 127.0.0.1, port: \(port), client_id: pdm-models-\(id)}
            topics: {prefix: m-\(id)}
            subscriptions:
              - {topic: "m-\(id)/plant/{asset}/{channel}", qos: 1}
            prognostics: {models: models, reload: 0.2}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let log = directory + "/pdm.log"
        let pdm = try ChildProcess(path: try #require(Executables.pdm), arguments: ["run", "--config", config],
                                   outputFile: log)
        defer { _ = pdm.stop(signal: SIGKILL, timeout: .seconds(5)) }
        let started = try await Executables.waitForText("subscribed", in: log)
        #expect(started.contains("pump v1"))

        let sub = try CommandLineTool("mosquitto_sub", ["-h", "127.0.0.1", "-p", "\(port)", "-t", "m-\(id)/assets/+/rul",
                                                        "-v", "-W", "30", "-q", "1", "-d"])
        try await sub.waitForOutput("Subscribed")
        var second = 0
        func publish(_ count: Int) async throws {
            for _ in 0..<count {
                let reading = #"{"ts": \#(1_700_000_000 + second), "value": \#(50 + Double(second) * 0.5)}"#
                second += 1
                let pub = try CommandLineTool("mosquitto_pub", ["-h", "127.0.0.1", "-p", "\(port)", "-q", "1",
                                                                "-t", "m-\(id)/plant/pump-3/temp", "-m", reading])
                #expect(await pub.finish().status == 0)
            }
        }
        try await publish(10)
        try await sub.waitForOutput(#""model_version":1"#, timeout: .seconds(20))
        #expect(sub.output.contains("m-\(id)/assets/pump-3/rul {"))
        #expect(sub.output.contains(#""asset":"pump-3""#) && sub.output.contains(#""unit":"s""#))

        // A broken file keeps the models in use.
        try "{ not json".write(toFile: directory + "/models/zz-broken.json", atomically: true, encoding: .utf8)
        _ = try await Executables.waitForText("cannot be used; keeping the models in use", in: log)
        try FileManager.default.removeItem(atPath: directory + "/models/zz-broken.json")

        try ModelLibrary.write(Self.model(version: 2), to: directory + "/models/pump.json")
        _ = try await Executables.waitForText("pump v2", in: log)
        try await publish(5)
        try await sub.waitForOutput(#""model_version":2"#, timeout: .seconds(20))
        _ = await sub.finish(timeout: .seconds(1))
        #expect(await pdm.stop(signal: SIGTERM, timeout: .seconds(10)) == 0)
    }
}
