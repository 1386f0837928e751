import ArgumentParser
import Foundation
import Logging
import MQTTClient
import MQTTCodec
import PDMConfig
import PDMRuntime
import PlantSimulator

/// `pdm simulate`: publish a simulated plant to the broker.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Publish readings of a simulated plant whose first machines degrade towards failure.",
        discussion: """
            Readings go to the first subscription template of the configuration, with {site} set to
            --site, as {"ts": …, "value": …}.

            With --history FILE, no broker is used: the command writes run-to-failure histories of \
            --assets machines (hourly rows, ISO 8601 times; every machine runs to failure) for \
            `pdm retrain`, and exits.

            Examples:
              pdm simulate --config alarms.yaml
              pdm simulate --assets 6 --degrading 2 --rate 5 --time-to-failure 120 --seed 42
              pdm simulate --history fleet.csv --assets 30 --min-life-hours 240 --max-life-hours 720
            """
    )

    @Option(name: .shortAndLong, help: "Configuration file (broker and topic template).")
    var config: String = "alarms.yaml"
    @Option(help: "Number of machines.") var assets = 3
    @Option(help: "How many of them degrade.") var degrading = 1
    @Option(help: "Readings per second per channel.") var rate = 2.0
    @Option(help: "Seconds before degradation starts.") var onset = 20.0
    @Option(help: "Seconds from onset to vibration zone D.") var timeToFailure = 90.0
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Stop after this many seconds (0: run until interrupted).") var duration = 0.0
    @Option(help: "Value of {site} in the topic template.") var site = "demo"
    @Option(help: "Write run-to-failure histories to this CSV file instead of publishing.") var history: String?
    @Option(help: "Shortest machine life in hours (with --history).") var minLifeHours = 240.0
    @Option(help: "Longest machine life in hours (with --history).") var maxLifeHours = 720.0

    func run() async throws {
        if let history {
            try writeHistory(to: history)
            return
        }
        let configuration: PDMConfiguration
        do {
            configuration = try PDMConfiguration.load(path: config)
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        guard let subscription = configuration.subscriptions.first, subscription.template.names.contains("channel") else {
            printError("\(config): the first subscription template needs {asset} and {channel} to simulate into")
            throw ExitCode(2)
        }
        var mqtt = configuration.mqttClientConfiguration
        mqtt.clientIdentifier = "\(mqtt.clientIdentifier)-simulator"
        mqtt.cleanStart = true
        mqtt.sessionExpiry = 0
        var logger = Logger(label: "pdm.simulate")
        logger.logLevel = .warning
        let client = MQTTClient(configuration: mqtt, logger: logger)
        let runner = Task { try await client.run() }
        var plant = SimulatedPlant(assets: assets, degrading: degrading, onset: onset, timeToFailure: timeToFailure,
                                   seed: seed)
        let start = Date().timeIntervalSince1970
        let interval = 1 / max(rate, 0.01)
        var step = 0.0
        printError("simulating \(assets) machines (\(degrading) degrading) at \(rate) readings/s per channel")
        while duration <= 0 || step * interval < duration {
            try Task.checkCancellation()
            let elapsed = step * interval
            for sample in plant.samples(at: elapsed) {
                let topic = subscription.template.topic(["site": site, "asset": sample.asset, "channel": sample.channel])
                let payload = #"{"ts":\#(String(format: "%.3f", start + elapsed)),"value":\#(String(format: "%.4f", sample.value))}"#
                try await client.publish(topic: topic, payload: Array(payload.utf8), qos: subscription.qos)
            }
            step += 1
            let next = start + step * interval
            let wait = next - Date().timeIntervalSince1970
            if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
        }
        client.shutdown()
        _ = try? await runner.value
    }

    private func writeHistory(to path: String) throws {
        guard assets >= 1, minLifeHours > 0, maxLifeHours >= minLifeHours else {
            throw ValidationError("--assets must be at least 1 and 0 < --min-life-hours ≤ --max-life-hours")
        }
        let start = 1_767_225_600.0 // 2026-01-01T00:00:00Z
        let fleet = RunToFailureFleet(count: assets, lives: (minLifeHours * 3600)...(maxLifeHours * 3600), step: 3600,
                                      start: start, prefix: "machine", seed: seed)
        let text = fleet.csv { Date(timeIntervalSince1970: $0).formatted(.iso8601) }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            printError("\(path): cannot write: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let rows = fleet.runs.reduce(0) { $0 + $1.times.count }
        printError("wrote \(path): \(assets) run-to-failure histories, \(rows) rows")
    }
}
