import ArgumentParser
import Foundation
import PDMConfig
import PDMRuntime
import Prognostics
import Signals

/// `pdm replay`: run a recording through the streaming pipeline, offline.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run a recorded history CSV or vibration waveform through the same pipeline as `pdm run`, offline.",
        discussion: """
            Prints one JSON object per line: {"kind":"rul",...} whenever an asset's estimate updates \
            (each asset's estimates in time order), {"kind":"alarm",...} for alarm transitions of the \
            configuration's rules, {"kind":"rejected",...} for a reading kept out (late, out of range, \
            implausible for the model). The model files carry their channels, health-indicator \
            weights, thresholds and priors, so --models alone is enough; without a model that fits an \
            asset, its rules alone run (said on standard error).

            With --waveform, FILE is a vibration recording (one sample per line, or raw 32-bit \
            little-endian floats when it ends in .f32) cut into blocks of --block samples. Each block \
            prints {"kind":"indicators",...} with every derived indicator, and \
            {"kind":"diagnosis",...} whenever the bearing diagnosis changes (the bearing comes from \
            the asset's class in --config).

            Examples:
              pdm replay history.csv --models models
              pdm replay history.csv --config alarms.yaml
              pdm replay --waveform pump-7.csv --sample-rate 25600 --asset pump-7 --config alarms.yaml
            """
    )

    @Argument(help: "History CSV file: header `asset,time,<channel>,...`.")
    var file: String?

    @Option(help: "Configuration file (its rules, asset classes, prognostics.models directory and interval apply).")
    var config: String?

    @Option(help: "Directory of model files (default: the configuration's, else ./models).")
    var models: String?

    @Option(help: "A vibration recording to analyse instead of a history CSV.")
    var waveform: String?

    @Option(help: "With --waveform: samples per second.")
    var sampleRate: Double?

    @Option(help: "With --waveform: the asset the recording is of.")
    var asset: String?

    @Option(help: "With --waveform: the channel (derived channels are <channel>.<indicator>).")
    var channel: String = "accel"

    @Option(help: "With --waveform: samples per block.")
    var block: Int = 8192

    @Option(help: "With --waveform: time of the first sample (seconds).")
    var start: Double = 0

    func validate() throws {
        switch (file, waveform) {
        case (nil, nil): throw ValidationError("give a history CSV file, or --waveform FILE")
        case (.some, .some): throw ValidationError("give a history CSV file or --waveform FILE, not both")
        case (nil, .some):
            guard let sampleRate, WaveformBlock.sampleRateRange.contains(sampleRate) else {
                throw ValidationError("--waveform needs --sample-rate, from 1 Hz to 10 MHz")
            }
            guard let asset, !asset.isEmpty else { throw ValidationError("--waveform needs --asset NAME") }
            guard (WaveformAnalysis.minimumSpectralSamples...WaveformBlock.maximumSamples).contains(block) else {
                throw ValidationError("--block must be from \(WaveformAnalysis.minimumSpectralSamples) to \(WaveformBlock.maximumSamples) samples")
            }
            guard start.isFinite else { throw ValidationError("--start must be a number") }
        case (.some, nil):
            break
        }
    }

    func run() throws {
        var configuration = PDMConfiguration(broker: BrokerSettings(), topicPrefix: "pdm", subscriptions: [],
                                             statisticsWindow: 60)
        if let config { configuration = try inputOrExit { try PDMConfiguration.load(path: config, unsetVariables: .leaveEmpty) } }
        let directory = models ?? (config != nil ? configuration.prognostics.modelDirectory : "models")
        let library = try inputOrExit { try ModelLibrary.load(directory: directory) }
        if let models, !FileManager.default.fileExists(atPath: models) {
            printError("\(models): no such model directory")
            throw ExitCode(2)
        }
        if let waveform, let sampleRate, let asset {
            try replayWaveform(waveform, sampleRate: sampleRate, asset: asset, configuration: configuration, library: library)
        } else if let file {
            try replayHistory(file, configuration: configuration, library: library, directory: directory)
        }
    }

    /// What watches an asset that no model covers.
    static func fallback(_ configuration: PDMConfiguration) -> String {
        configuration.hasFailureLevels ? "rules, and remaining life from trends toward failure_at levels" : "rules only"
    }

    /// One JSON object with sorted keys.
    static func line(_ fields: [String: Any]) -> [UInt8] {
        let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])
        return Array(data ?? Data("{}".utf8))
    }
}
