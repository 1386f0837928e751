import ArgumentParser
import BenchmarkKernels
import Foundation

/// Rule evaluation throughput: `--assets` assets × 3 channels, one threshold rule with deadband
/// per channel, readings that stay inside the limits (evaluation without transitions).
/// Prints `evaluations=<n> seconds=<best of repeats>`.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules")

    @Option(help: "Assets.") var assets = 10_000
    @Option(help: "Readings per channel per pass.") var rounds = 10
    @Option(help: "Passes; the fastest counts.") var repeats = 3

    func run() throws {
        let kernel = RuleKernel(assets: assets)
        var best = Double.infinity
        var evaluations = 0
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            let (count, actions) = kernel.pass(rounds: rounds)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            guard actions == 0 else { throw ValidationError("readings inside the limits must not change alarms") }
            best = min(best, seconds)
            evaluations = count
        }
        print("evaluations=\(evaluations) seconds=\(best)")
    }
}
