import ArgumentParser
import Foundation
import Signals

/// Computes condition indicators over every window of a float32 file, as pdm does for each
/// waveform block, and prints `samples=<n> seconds=<best of repeats> checksum=<c>`.
struct SignalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "signals")

    enum Kind: String, ExpressibleByArgument {
        /// RMS, peak, peak-to-peak, crest factor, skewness, kurtosis.
        case time
        /// Band energies and the envelope spectrum at two defect frequencies.
        case spectral
        /// The bearing diagnosis block by block (kurtogram, averaged envelope, line evidence), with
        /// the MFPT rig's bearing at 25 Hz.
        case diagnosis
    }

    @Option(help: "time or spectral.") var kind: Kind
    @Option(help: "Little-endian float32 samples.") var file: String
    @Option(help: "Samples per window.") var window = 2048
    @Option(help: "Sample rate in Hz.") var sampleRate = 48_000.0
    @Option(help: "Passes over the file; the fastest counts.") var repeats = 5

    func run() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let samples = data.withUnsafeBytes { raw in Array(raw.bindMemory(to: Float.self)) }
        let windows = samples.count / window
        guard windows > 0 else { throw ValidationError("the file holds fewer than \(window) samples") }
        let plan = try SpectralPlan(size: window)
        let bands: [ClosedRange<Double>] = (0..<8).map { index in
            let width = sampleRate / 2 / 8
            return (Double(index) * width)...(Double(index + 1) * width)
        }
        var best = Double.infinity
        var checksum = 0.0
        var verdict = ""
        for _ in 0..<max(1, repeats) {
            checksum = 0
            var diagnoser = BearingDiagnoser(defects: DefectFrequencies(bpfo: 81.125, bpfi: 118.875, bsf: 63.91, ftf: 14.8375),
                                             shaftSpeed: 25)
            let start = ContinuousClock.now
            try samples.withUnsafeBufferPointer { all in
                for index in 0..<windows {
                    let block = UnsafeBufferPointer(rebasing: all[(index * window)..<((index + 1) * window)])
                    switch kind {
                    case .time:
                        let indicators = try WaveformIndicators(samples: block)
                        checksum += indicators.rms + indicators.kurtosis + indicators.crestFactor + indicators.skewness
                            + indicators.peakToPeak
                    case .spectral:
                        let spectrum = try Spectrum(samples: block, sampleRate: sampleRate, plan: plan)
                        for band in bands { checksum += spectrum.bandEnergy(band) }
                        let envelope = try EnvelopeSpectrum(spectrum: spectrum, band: 2000...10000, plan: plan)
                        checksum += envelope.amplitude(at: 81.125) + envelope.amplitude(at: 118.875)
                    case .diagnosis:
                        let spectrum = try Spectrum(samples: block, sampleRate: sampleRate, plan: plan)
                        let result = try diagnoser.add(spectrum)
                        checksum += result.diagnosis?.evidence.values.reduce(0, +) ?? 0
                        verdict = result.diagnosis?.fault.rawValue ?? "undecided"
                    }
                }
            }
            let elapsed = ContinuousClock.now - start
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        print(String(format: "samples=%d seconds=%.6f checksum=%.6e", windows * window, best, checksum)
            + (kind == .diagnosis ? " fault=\(verdict)" : ""))
    }
}
