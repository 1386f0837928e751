/// The streaming features of one channel after its latest reading.
package struct ChannelFeatures: Sendable, Hashable {
    package var time: Double
    package var value: Double
    /// Readings in the rolling window.
    package var count: Int
    /// Windowed mean, standard deviation, minimum and maximum.
    package var mean: Double
    package var standardDeviation: Double
    package var minimum: Double
    package var maximum: Double
    /// Exponentially weighted mean and standard deviation.
    package var smoothedMean: Double
    package var smoothedDeviation: Double
    /// Least-squares slope over the window and (newest − oldest) / span, per time unit; nil until
    /// the window is full (a rate over a few start-up readings means little).
    package var slope: Double?
    package var rateOfChange: Double?
    /// Anomaly scores against the healthy baseline; nil while the baseline is still being learned.
    package var anomaly: AnomalyScores?
    /// Readings still to come before the baseline is learned (start-up readings skipped, then
    /// those it is learned from); 0 once it is.
    package var baselineRemaining: Int = 0
}

/// Scores of one reading against a channel's healthy baseline.
package struct AnomalyScores: Sendable, Hashable {
    /// Standard deviations from the baseline mean.
    package var zScore: Double
    /// The larger CUSUM sum over its decision limit (≥ 1: a persistent shift either way).
    package var cusum: Double
    /// Page–Hinkley statistic over its threshold (≥ 1: a rise of the mean since the baseline).
    /// Reported for inspection; the directional scores do not use it.
    package var pageHinkley: Double
    /// Evidence of a rise: the larger of z over its limit and the upper CUSUM over its limit
    /// (≥ 1: anomalous at the configured false-alarm rate).
    package var upward: Double
    /// Evidence of a fall, likewise.
    package var downward: Double

    package init(zScore: Double, cusum: Double, pageHinkley: Double, upward: Double, downward: Double) {
        self.zScore = zScore
        self.cusum = cusum
        self.pageHinkley = pageHinkley
        self.upward = upward
        self.downward = downward
    }

    /// Evidence either way: the larger of ``upward`` and ``downward``.
    package var score: Double { max(upward, downward) }
}
