import ArgumentParser
import Foundation
import BenchmarkKernels
import Signals

/// Computes condition indicators over every window of a float32 file, as pdm does for each
/// waveform block, and prints `samples=<n> seconds=<best of repeats> checksum=<c>`.
struct SignalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "signals")

    @Option(help: "time, spectral or diagnosis.") var kind: SignalKernel.Kind
    @Option(help: "Little-endian float32 samples.") var file: String
    @Option(help: "Samples per window.") var window = 2048
    @Option(help: "Sample rate in Hz.") var sampleRate = 48_000.0
    @Option(help: "Passes over the file; the fastest counts.") var repeats = 5

    func run() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let samples = data.withUnsafeBytes { raw in Array(raw.bindMemory(to: Float.self)) }
        let windows = samples.count / window
        guard windows > 0 else { throw ValidationError("the file holds fewer than \(window) samples") }
        let kernel = try SignalKernel(kind: kind, window: window, sampleRate: sampleRate)
        var best = Double.infinity
        var checksum = 0.0
        var verdict: String?
        for _ in 0..<max(1, repeats) {
            let start = ContinuousClock.now
            (checksum, verdict) = try samples.withUnsafeBufferPointer { all throws(SignalError) in try kernel.pass(over: all) }
            let elapsed = ContinuousClock.now - start
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        print(String(format: "samples=%d seconds=%.6f checksum=%.6e", windows * window, best, checksum)
            + (verdict.map { " fault=\($0)" } ?? ""))
    }
}

extension SignalKernel.Kind: ExpressibleByArgument {}
