import AlarmEngine

/// Rule evaluation as the benchmarks measure it: assets × 3 channels, one threshold rule with
/// deadband per channel, readings that stay inside the limits (evaluation without transitions).
package struct RuleKernel {
    package static let channels = ["temp", "vib", "pressure"]
    private let names: [String]
    private let rules: [AlarmRule]

    package init(assets: Int) {
        names = (0..<assets).map { "asset-\($0)" }
        rules = Self.channels.map { channel in
            AlarmRule(name: "\(channel)-high", channel: channel, condition: .threshold(.above, limit: 100, deadband: 5),
                      priority: .high)
        }
    }

    /// `rounds` readings per channel of every asset through a fresh engine: the evaluations made and
    /// the actions they caused (none, when all is well).
    package func pass(rounds: Int) -> (evaluations: Int, actions: Int) {
        var engine = AlarmCore(settings: AlarmSettings(rules: rules, chatter: nil, flood: nil))
        var now = 1_000.0
        var actions = 0
        for round in 0..<rounds {
            for name in names {
                for (index, channel) in Self.channels.enumerated() {
                    now += 0.0001
                    actions += engine.observe(.reading(asset: name, channel: channel, value: 50 + Double((round + index) % 7)),
                                              now: now).count
                }
            }
        }
        return (rounds * names.count * Self.channels.count, actions)
    }
}
