/// A learned healthy baseline of one indicator: its mean and standard deviation.
public struct Baseline: Sendable, Hashable, Codable {
    public var mean: Double
    public var standardDeviation: Double

    public init(mean: Double, standardDeviation: Double) {
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// How many standard deviations `value` lies from the mean (0 for a degenerate baseline).
    public func zScore(_ value: Double) -> Double {
        standardDeviation > 0 ? (value - mean) / standardDeviation : 0
    }
}
