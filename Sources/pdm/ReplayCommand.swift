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
            (each asset's estimates in time order), {"kind":"rejected",...} for a reading kept out of \
            the model (late, implausible). The model files carry their channels, health-indicator \
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
        var directory = models ?? "models"
        var interval: PrognosticModel.Interval?
        if let config {
            do {
                let configuration = try PDMConfiguration.load(path: config)
                if models == nil { directory = configuration.prognostics.modelDirectory }
                interval = configuration.prognostics.interval.map { .init(lower: $0.lower, upper: $0.upper) }
            } catch {
                printError("\(error)")
                throw ExitCode(2)
            }
        }
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
        var output = FileHandleOutput()
        var estimates = 0, rejected = 0, unmodelled: [String] = []
        for run in table.runs {
            guard var model = library.model(for: run.asset) else {
                unmodelled.append(run.asset)
                continue
            }
            if let interval { model.interval = interval }
            let used = Set(model.healthIndicator.channelNames)
            let missing = used.subtracting(table.channels)
            guard missing.isEmpty else {
                printError("\(file): asset \(run.asset): model \(model.name) needs channels missing from the file: "
                    + missing.sorted().joined(separator: ", "))
                throw ExitCode(2)
            }
            var prognoser = AssetPrognoser(asset: run.asset, model: model)
            for (time, row) in zip(run.times, run.rows) {
                for (channel, value) in zip(table.channels, row) {
                    guard let value else { continue }
                    switch prognoser.observe(channel: channel, time: time, value: value) {
                    case .accepted(let estimate?):
                        output.write(estimate.jsonPayload(unit: model.timeUnit))
                        estimates += 1
                    case .rejected(let rejection):
                        output.write(Self.rejectionLine(asset: run.asset, time: time, rejection: rejection))
                        rejected += 1
                    case .accepted(nil), .ignored:
                        break
                    }
                }
            }
            if let estimate = prognoser.finish() {
                output.write(estimate.jsonPayload(unit: model.timeUnit))
                estimates += 1
            }
        }
        output.flush()
        var summary = "pdm replay: \(table.runs.count) assets, \(estimates) estimates, \(rejected) readings rejected"
        if !unmodelled.isEmpty { summary += "; no model applies to \(unmodelled.count) assets (\(unmodelled.prefix(5).joined(separator: ", ")))" }
        printError(summary)
    }

    static func rejectionLine(asset: String, time: Double, rejection: PrognosisRejection) -> [UInt8] {
        struct Line: Encodable {
            var kind = "rejected"
            var asset: String
            var time: Double
            var reason: String
            var detail: String
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line = Line(asset: asset, time: time, reason: rejection.reason, detail: rejection.description)
        return Array((try? encoder.encode(line)) ?? Data("{}".utf8))
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
