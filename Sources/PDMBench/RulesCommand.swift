import AlarmEngine
import ArgumentParser
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
        let channels = ["temp", "vib", "pressure"]
        let rules = channels.map { channel in
            AlarmRule(name: "\(channel)-high", channel: channel, condition: .threshold(.above, limit: 100, deadband: 5),
                      priority: .high)
        }
        let names = (0..<assets).map { "asset-\($0)" }
        var best = Double.infinity
        var evaluations = 0
        for _ in 0..<repeats {
            var engine = AlarmCore(settings: AlarmSettings(rules: rules, chatter: nil, flood: nil))
            var now = 1_000.0
            var actions = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for round in 0..<rounds {
                for name in names {
                    for (index, channel) in channels.enumerated() {
                        now += 0.0001
                        actions += engine.observe(.reading(asset: name, channel: channel,
                                                           value: 50 + Double((round + index) % 7)), now: now).count
                    }
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            guard actions == 0 else { throw ValidationError("readings inside the limits must not change alarms") }
            best = min(best, seconds)
            evaluations = rounds * assets * channels.count
        }
        print("evaluations=\(evaluations) seconds=\(best)")
    }
}
