import ArgumentParser
import Foundation
import PDMConfig
import PDMRuntime
import Prognostics
import Signals

extension ReplayCommand {
    /// Replays a vibration recording cut into blocks, as a gateway would publish them.
    func replayWaveform(_ path: String, sampleRate: Double, asset: String, configuration: PDMConfiguration,
                        library: ModelLibrary) throws {
        let recording = try inputOrExit { try WaveformFile.read(path: path) }
        let analysis = configuration.waveformAnalysis(for: asset)
        if analysis.defects == nil {
            printError("pdm replay: no bearing is configured for \(asset) (asset_classes with bearing or defect_frequencies, "
                + "and assets mapping it); indicators only, no diagnosis")
        }
        var pipeline = IngestPipeline(configuration: configuration, models: library)
        let fallback = Self.fallback(configuration)
        if let model = library.model(for: asset) {
            // A model fitted on other channels has nothing to go on in one waveform's indicators.
            if !model.healthIndicator.channelNames.allSatisfy({ $0.hasPrefix(channel + ".") }) {
                printError("pdm replay: asset \(asset): model \(model.name) needs channels a waveform of \(channel) does not give; "
                    + "\(fallback) for it")
                pipeline.withoutModel(for: asset)
            }
        } else {
            printError("pdm replay: no model applies to \(asset); \(fallback)")
        }
        var printer = ReplayPrinter()
        let blocks = recording.samples.count / block
        if blocks == 0 {
            printError("\(path): \(recording.samples.count) samples is less than one block of \(block)")
            throw ExitCode(2)
        }
        for index in 0..<blocks {
            let samples = Array(recording.samples[(index * block)..<((index + 1) * block)])
            let time = start + Double(index * block) / sampleRate
            let waveform = WaveformBlock(asset: asset, channel: channel, time: time, sampleRate: sampleRate, samples: samples)
            printer.emit(pipeline.ingest(waveform, source: path))
        }
        printer.emit(pipeline.finish(asset: asset))
        printer.flush()
        let left = recording.samples.count - blocks * block
        printError("pdm replay: \(asset): \(blocks) blocks of \(block) samples"
            + (left > 0 ? " (\(left) samples after the last whole block left out)" : "")
            + ", \(printer.diagnoses) diagnosis changes, \(printer.alarms) alarm transitions, \(printer.rejected) rejected"
            + (printer.lastDiagnosis.map { "; diagnosis \($0)" } ?? ""))
    }
}
