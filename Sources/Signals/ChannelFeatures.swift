/// The streaming features of one channel after its latest reading.
public struct ChannelFeatures: Sendable, Hashable {
    public var time: Double
    public var value: Double
    /// Readings in the rolling window.
    public var count: Int
    /// Windowed mean, standard deviation, minimum and maximum.
    public var mean: Double
    public var standardDeviation: Double
    public var minimum: Double
    public var maximum: Double
    /// Exponentially weighted mean and standard deviation.
    public var smoothedMean: Double
    public var smoothedDeviation: Double
    /// Least-squares slope over the window and (newest − oldest) / span, per time unit; nil
    /// without a time span yet.
    public var slope: Double?
    public var rateOfChange: Double?
    /// Anomaly scores against the healthy baseline; nil while the baseline is still being learned.
    public var anomaly: AnomalyScores?
}

/// Scores of one reading against a channel's healthy baseline.
public struct AnomalyScores: Sendable, Hashable {
    /// Standard deviations from the baseline mean.
    public var zScore: Double
    /// Two-sided CUSUM over its decision limit (≥ 1: a persistent shift).
    public var cusum: Double
    /// Page–Hinkley statistic over its threshold (≥ 1: a rise of the mean).
    public var pageHinkley: Double

    public init(zScore: Double, cusum: Double, pageHinkley: Double) {
        self.zScore = zScore
        self.cusum = cusum
        self.pageHinkley = pageHinkley
    }

    /// The largest of the three normalised scores (|z| over 3, so that 1 means anomalous for all).
    public var score: Double { max(abs(zScore) / 3, cusum, pageHinkley) }
}
