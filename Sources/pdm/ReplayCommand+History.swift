import ArgumentParser
import Foundation
import PDMConfig
import PDMRuntime
import Prognostics

extension ReplayCommand {
    /// Replays a history CSV: each row's values as readings, in time order per asset.
    func replayHistory(_ file: String, configuration: PDMConfiguration, library: ModelLibrary, directory: String) throws {
        let table = try inputOrExit { try HistoryTable.read(path: file) }
        var pipeline = IngestPipeline(configuration: configuration, models: library)
        let fallback = Self.fallback(configuration)
        if library.entries.isEmpty {
            printError("pdm replay: no model files in \(directory); \(fallback)")
        }
        var unmodelled: [String] = []
        for run in table.runs {
            guard let model = library.model(for: run.asset) else {
                unmodelled.append(run.asset)
                continue
            }
            let missing = Set(model.healthIndicator.channelNames).subtracting(table.channels)
            if !missing.isEmpty {
                printError("pdm replay: asset \(run.asset): model \(model.name) needs channels the file does not have ("
                    + missing.sorted().joined(separator: ", ") + "); \(fallback) for it")
                pipeline.withoutModel(for: run.asset)
                unmodelled.append(run.asset)
            }
        }
        var printer = ReplayPrinter()
        for run in table.runs {
            for (time, row) in zip(run.times, run.rows) {
                for (channel, value) in zip(table.channels, row) {
                    guard let value else { continue }
                    printer.emit(pipeline.ingest(Reading(asset: run.asset, channel: channel, time: time, value: value), source: file))
                }
            }
            printer.emit(pipeline.finish(asset: run.asset))
        }
        printer.flush()
        var summary = "pdm replay: \(table.runs.count) assets, \(printer.estimates) estimates, \(printer.alarms) alarm transitions, "
            + "\(printer.rejected) readings rejected"
        if !unmodelled.isEmpty && !library.entries.isEmpty {
            summary += "; no model applies to \(unmodelled.count) assets (\(unmodelled.prefix(5).joined(separator: ", ")))"
        }
        printError(summary)
    }
}
