/// Two-sided tabular CUSUM against a baseline: accumulates standardised deviations beyond a slack
/// `k` and signals when either sum passes the decision limit `h` (both in standard deviations).
/// Detects small persistent shifts that a z-score threshold misses.
public struct CUSUMDetector: Sendable, Hashable {
    public let baseline: Baseline
    public let slack: Double
    public let limit: Double
    public private(set) var upper = 0.0
    public private(set) var lower = 0.0

    public init(baseline: Baseline, slack: Double = 0.5, limit: Double = 5) {
        self.baseline = baseline
        self.slack = slack
        self.limit = limit
    }

    /// The anomaly score after `value`: the larger sum over the limit (≥ 1 means a shift).
    public mutating func update(_ value: Double) -> Double {
        let z = baseline.zScore(value)
        upper = max(0, upper + z - slack)
        lower = max(0, lower - z - slack)
        return max(upper, lower) / limit
    }

    public mutating func reset() {
        upper = 0
        lower = 0
    }
}
