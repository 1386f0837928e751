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
        abstract: "Publish readings and vibration waveforms of a simulated plant whose first machines degrade towards failure.",
        discussion: """
            Machines are named pump-1, motor-1, fan-1, pump-2, …; the first --degrading of them develop a \
            bearing fault --onset after the start and fail (vibration velocity 7.1 mm/s) \
            --time-to-failure after that, along the exponential trajectory the shipped model was \
            fitted on; the failed bearing is then replaced and the same life starts over. The command \
            prints each degrading machine's onset and failure times: the truth \
            to hold the RUL estimates against.

            Readings (velocity_rms, bearing_temp, winding_temp for motors, suction_pressure for pumps) \
            go to the first subscription template of the configuration, with {site} set to --site, as \
            {"ts": …, "value": …}. Every --waveform-every seconds each machine also publishes a binary \
            waveform block (docs/topics-and-payloads.md, "Waveform blocks") on channel `accel`: shaft tones, noise and, on a \
            failing bearing, impulses at the outer-race defect frequency of its asset class.

            --speed runs plant time faster than the clock: with --speed 3600 every second of the \
            simulation is an hour of the plant's life (timestamps are plant time, starting now), so a \
            degradation over days plays out in minutes. Durations take s, m, h or d (plain numbers \
            are seconds of plant time).

            With --history FILE, no broker is used: the command writes run-to-failure histories of \
            --assets machines (hourly rows, ISO 8601 times; every machine runs to failure) for \
            `pdm retrain`, and exits.

            Examples:
              pdm simulate --config alarms.yaml
              pdm simulate --assets 6 --degrading 2 --speed 3600 --onset 1d \\
                --time-to-failure 8d --seed 42
              pdm simulate --assets 300 --rate 1 --waveform-every 0 --duration 600
              pdm simulate --history fleet.csv --assets 30 --min-life-hours 240 --max-life-hours 720
            """
    )

    @Option(name: .shortAndLong, help: "Configuration file (broker and topic template).")
    var config: String = "alarms.yaml"
    @Option(help: "Number of machines.") var assets = 3
    @Option(help: "How many of them degrade.") var degrading = 1
    @Option(help: "Readings per second (of the clock) per channel.") var rate = 2.0
    @Option(help: "Plant time per second of the clock.") var speed = 1.0
    @Option(help: "Plant time before degradation starts (e.g. 20s, 1d).") var onset = "20s"
    @Option(help: "Plant time from the onset to failure (e.g. 90s, 8d).") var timeToFailure = "90s"
    @Option(help: "Seconds (of the clock) between waveform blocks of a machine; 0: none.") var waveformEvery = 10.0
    @Option(help: "Waveform sample rate (Hz).") var sampleRate = 25_600.0
    @Option(help: "Samples per waveform block.") var blockSize = 8_192
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Stop after this many seconds of the clock (0: run until interrupted).") var duration = 0.0
    @Option(help: "Value of {site} in the topic template.") var site = "demo"
    @Option(help: "Write run-to-failure histories to this CSV file instead of publishing.") var history: String?
    @Option(help: "Shortest machine life in hours (with --history).") var minLifeHours = 240.0
    @Option(help: "Longest machine life in hours (with --history).") var maxLifeHours = 720.0

    func validate() throws {
        guard assets >= 1, degrading >= 0, degrading <= assets else {
            throw ValidationError("--assets must be at least 1 and --degrading between 0 and --assets")
        }
        guard rate > 0, rate <= 10_000, speed > 0, speed.isFinite else {
            throw ValidationError("--rate must be in (0, 10000] readings per second and --speed above 0")
        }
        guard DurationText.seconds(onset) != nil else { throw ValidationError("--onset: '\(onset)' is not a duration like 20s or 1d") }
        guard let life = DurationText.seconds(timeToFailure), life > 0 else {
            throw ValidationError("--time-to-failure: '\(timeToFailure)' is not a positive duration like 90s or 8d")
        }
        guard waveformEvery >= 0, sampleRate > 0, sampleRate <= 1_000_000,
              blockSize >= 256, blockSize <= WaveformBlock.maximumSamples else {
            throw ValidationError("--waveform-every must be ≥ 0, --sample-rate in (0, 1 MHz] and --block-size in 256…\(WaveformBlock.maximumSamples)")
        }
    }

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
        defer { runner.cancel() }
        let onsetSeconds = DurationText.seconds(onset) ?? 0
        var plant = SimulatedPlant(assets: assets, degrading: degrading, onset: onsetSeconds,
                                   timeToFailure: DurationText.seconds(timeToFailure) ?? 1, seed: seed)
        let start = Date().timeIntervalSince1970
        let vibrations = Dictionary(uniqueKeysWithValues: plant.machines.map { ($0.asset, Self.vibration(of: $0.asset, in: configuration)) })
        let interval = 1 / rate
        let plantTime = { (clock: Double) in clock * speed }
        printError("simulating \(assets) machines (\(degrading) degrading) at \(rate) readings/s per channel, "
            + "plant time ×\(speed)" + (waveformEvery > 0 ? ", a waveform block per machine every \(waveformEvery) s" : ""))
        for machine in plant.machines {
            guard let bearing = machine.bearing else { continue }
            printError("  \(machine.asset): degrades from \(Self.stamp(start + bearing.onset)), fails at \(Self.stamp(start + bearing.failure)) "
                + "(plant time; \(Self.clock((bearing.failure) / speed)) from now), then gets a new bearing and runs the same life again")
        }
        var step = 0.0
        var nextWaveform = 0.0
        while duration <= 0 || step * interval < duration {
            try Task.checkCancellation()
            let elapsed = step * interval
            let time = plantTime(elapsed)
            for sample in plant.samples(at: time) {
                let topic = subscription.template.topic(["site": site, "asset": sample.asset, "channel": sample.channel])
                let payload = #"{"ts":\#(String(format: "%.3f", start + time)),"value":\#(String(format: "%.4f", sample.value))}"#
                try await client.publish(topic: topic, payload: Array(payload.utf8), qos: subscription.qos)
            }
            if waveformEvery > 0, elapsed >= nextWaveform {
                nextWaveform = elapsed + waveformEvery
                for machine in plant.machines {
                    guard var samples = plant.waveform(of: machine.asset, at: time, sampleRate: sampleRate, count: blockSize,
                                                       vibration: vibrations[machine.asset] ?? .standard) else { continue }
                    // In the unit the asset class expects (g unless it says m/s²).
                    if let scale = configuration.assetClass(of: machine.asset)?.accelerationScale, scale != 1, scale > 0 {
                        samples = samples.map { $0 / Float(scale) }
                    }
                    let block = WaveformBlock(asset: machine.asset, channel: "accel", time: start + time,
                                              sampleRate: sampleRate, samples: samples)
                    let topic = subscription.template.topic(["site": site, "asset": machine.asset, "channel": "accel"])
                    try await client.publish(topic: topic, payload: block.binaryPayload(), qos: subscription.qos)
                }
            }
            step += 1
            let next = start + step * interval
            let wait = next - Date().timeIntervalSince1970
            if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
        }
        client.shutdown()
        _ = try? await runner.value
    }

    /// Shaft speed and outer-race defect frequency from the asset's class, when it gives them.
    static func vibration(of asset: String, in configuration: PDMConfiguration) -> SimulatedPlant.Vibration {
        let analysis = configuration.waveformAnalysis(for: asset)
        let shaft = configuration.assetClass(of: asset)?.shaftSpeed
        switch analysis.defects {
        case .geometry(_, let speed)?:
            return SimulatedPlant.Vibration(shaftSpeed: speed, bpfo: analysis.defects?.frequencies.bpfo ?? 3.6 * speed)
        case .frequencies(let given)?:
            // A maker's table without the shaft speed: BPFO is typically about 3.6 × the shaft speed.
            return SimulatedPlant.Vibration(shaftSpeed: shaft ?? given.bpfo / 3.6, bpfo: given.bpfo)
        case nil:
            return shaft.map { SimulatedPlant.Vibration(shaftSpeed: $0, bpfo: 3.6 * $0) } ?? .standard
        }
    }

    static func stamp(_ time: Double) -> String {
        Date(timeIntervalSince1970: time.rounded()).formatted(.iso8601)
    }

    static func clock(_ seconds: Double) -> String {
        seconds < 120 ? String(format: "%.0f s", seconds) : String(format: "%.1f min", seconds / 60)
    }

    private func writeHistory(to path: String) throws {
        guard minLifeHours > 0, maxLifeHours >= minLifeHours else {
            throw ValidationError("0 < --min-life-hours ≤ --max-life-hours is required")
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
