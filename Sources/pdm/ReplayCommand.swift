import ArgumentParser
import Foundation
import PDMConfig
import PDMRuntime
import Prognostics

/// `pdm replay`: run recorded history through the streaming prognosis, offline.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run a recorded history CSV through the same streaming pipeline as `pdm run`, offline.",
        discussion: """
            Prints one JSON object per line: {"kind":"rul",...} whenever an asset's estimate updates \
            (each asset's estimates in time order), {"kind":"alarm",...} for alarm transitions of the \
            configuration's rules, {"kind":"rejected",...} for a reading kept out (late, out of range, \
            implausible for the model). The model files carry their channels, health-indicator \
            weights, thresholds and priors, so --models alone is enough.

            Examples:
              pdm replay history.csv --models models
              pdm replay history.csv --config alarms.yaml
            """
    )

    @Argument(help: "History CSV file: header `asset,time,<channel>,...`.")
    var file: String

    @Option(help: "Configuration file (its prognostics.models directory and interval apply).")
    var config: String?

    @Option(help: "Directory of model files (default: the configuration's, else ./models).")
    var models: String?

    func run() throws {
        var configuration = PDMConfiguration(broker: BrokerSettings(), topicPrefix: "pdm", subscriptions: [],
                                             statisticsWindow: 60)
        if let config {
            do {
                configuration = try PDMConfiguration.load(path: config)
            } catch {
                printError("\(error)")
                throw ExitCode(2)
            }
        }
        let directory = models ?? (config != nil ? configuration.prognostics.modelDirectory : "models")
        let library: ModelLibrary
        let table: HistoryTable
        do {
            library = try ModelLibrary.load(directory: directory)
            table = try HistoryTable.read(path: file)
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        guard !library.entries.isEmpty else {
            printError("\(directory): no model files (*.json); fit some with `pdm retrain`")
            throw ExitCode(2)
        }
        var unmodelled: [String] = []
        for run in table.runs {
            guard let model = library.model(for: run.asset) else {
                unmodelled.append(run.asset)
                continue
            }
            let missing = Set(model.healthIndicator.channelNames).subtracting(table.channels)
            guard missing.isEmpty else {
                printError("\(file): asset \(run.asset): model \(model.name) needs channels missing from the file: "
                    + missing.sorted().joined(separator: ", "))
                throw ExitCode(2)
            }
        }
        // The same pipeline as `pdm run`, fed the rows as readings.
        var pipeline = IngestPipeline(configuration: configuration, models: library)
        var output = FileHandleOutput()
        var estimates = 0, rejected = 0, alarms = 0
        func emit(_ outputs: [IngestPipeline.Output]) {
            for item in outputs {
                switch item {
                case .estimate(let estimate, let unit):
                    output.write(estimate.jsonPayload(unit: unit))
                    estimates += 1
                case .rejected(let error):
                    output.write(Self.line(["kind": "rejected", "reason": error.reason, "detail": error.description]))
                    rejected += 1
                case .alarms(let actions):
                    for case .journal(let entry) in actions {
                        var fields: [String: Any] = [
                            "kind": "alarm", "asset": entry.key.asset, "rule": entry.key.rule, "state": entry.to.rawValue,
                            "from": entry.from.rawValue, "cause": entry.cause.rawValue, "priority": entry.priority.name,
                            "occurrence": entry.occurrence, "time": entry.time,
                        ]
                        if let value = entry.value { fields["value"] = value }
                        output.write(Self.line(fields))
                        alarms += 1
                    }
                case .reading, .waveform:
                    break
                }
            }
        }
        for run in table.runs {
            for (time, row) in zip(run.times, run.rows) {
                for (channel, value) in zip(table.channels, row) {
                    guard let value else { continue }
                    emit(pipeline.ingest(Reading(asset: run.asset, channel: channel, time: time, value: value), source: file))
                }
            }
            emit(pipeline.finish(asset: run.asset))
        }
        output.flush()
        var summary = "pdm replay: \(table.runs.count) assets, \(estimates) estimates, \(alarms) alarm transitions, "
            + "\(rejected) readings rejected"
        if !unmodelled.isEmpty {
            summary += "; no model applies to \(unmodelled.count) assets (\(unmodelled.prefix(5).joined(separator: ", ")))"
        }
        printError(summary)
    }

    /// One JSON object with sorted keys.
    static func line(_ fields: [String: Any]) -> [UInt8] {
        let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])
        return Array(data ?? Data("{}".utf8))
    }
}
/// Buffered line output to standard output.
struct FileHandleOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ line: [UInt8]) {
        buffer += line
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
