/// Streaming features of one channel in bounded memory: windowed statistics (Welford with removal
/// and periodic exact recomputation), exponentially weighted statistics, rolling slope and rate of
/// change, and anomaly scores (z-score, CUSUM, Page–Hinkley) against a healthy baseline that is
/// either given (fitted by `pdm retrain`) or learned from the channel's first readings.
///
/// Readings that arrive more than `lateness` behind the newest one are refused: folding them in
/// would corrupt the time-ordered statistics.
public struct ChannelMonitor: Sendable {
    /// Settings shared by every channel of a pipeline.
    public struct Settings: Sendable, Hashable {
        /// Readings in the rolling window.
        public var window: Int
        /// Half-life of the exponentially weighted statistics, in readings.
        public var halfLife: Double
        /// Readings that make a learned baseline.
        public var learningReadings: Int
        /// How far (time units) behind the newest reading one may arrive and still count.
        public var lateness: Double

        public init(window: Int = 60, halfLife: Double = 30, learningReadings: Int = 100, lateness: Double = 60) {
            self.window = window
            self.halfLife = halfLife
            self.learningReadings = learningReadings
            self.lateness = lateness
        }
    }

    /// Why a reading was refused.
    public enum Refusal: Error, Sendable, Hashable {
        case notFinite
        case late(newest: Double)
    }

    public let settings: Settings
    private var window: RollingStatistics
    private var smoothed: ExponentialStatistics
    private var trend: RollingSlope
    private var learning = Moments()
    private var cusum: CUSUMDetector?
    private var pageHinkley: PageHinkleyDetector?
    public private(set) var newest = -Double.infinity

    /// - Parameter baseline: the healthy baseline, if known; otherwise it is learned.
    public init(settings: Settings, baseline: Baseline? = nil) {
        self.settings = settings
        window = RollingStatistics(capacity: max(settings.window, 2))
        smoothed = ExponentialStatistics(halfLife: settings.halfLife)
        trend = RollingSlope(capacity: max(settings.window, 2))
        if let baseline { arm(baseline) }
    }

    /// The baseline anomalies are scored against, once there is one.
    public private(set) var baseline: Baseline?

    private mutating func arm(_ baseline: Baseline) {
        self.baseline = baseline
        cusum = CUSUMDetector(baseline: baseline)
        // Page–Hinkley on the standardised value: tolerate half a deviation, signal at 20.
        pageHinkley = PageHinkleyDetector(delta: 0.5, threshold: 20)
    }

    /// Takes one reading and returns the channel's features after it.
    public mutating func add(time: Double, value: Double) -> Result<ChannelFeatures, Refusal> {
        guard value.isFinite, time.isFinite else { return .failure(.notFinite) }
        if time < newest - settings.lateness { return .failure(.late(newest: newest)) }
        newest = max(newest, time)
        window.add(value)
        smoothed.add(value)
        trend.add(time: time, value: value)
        var anomaly: AnomalyScores?
        if let baseline, var cusum, var pageHinkley {
            let z = baseline.zScore(value)
            anomaly = AnomalyScores(zScore: z, cusum: cusum.update(value), pageHinkley: pageHinkley.update(z))
            self.cusum = cusum
            self.pageHinkley = pageHinkley
        } else {
            learning.add(value)
            if learning.count >= settings.learningReadings {
                arm(Baseline(mean: learning.mean, standardDeviation: learning.standardDeviation))
            }
        }
        return .success(ChannelFeatures(
            time: time, value: value, count: window.count, mean: window.mean,
            standardDeviation: window.standardDeviation, minimum: window.minimum ?? value,
            maximum: window.maximum ?? value, smoothedMean: smoothed.mean,
            smoothedDeviation: smoothed.standardDeviation, slope: trend.slope, rateOfChange: trend.rateOfChange,
            anomaly: anomaly))
    }

    /// Bytes of state held for this channel: the structure and its two windows.
    public var stateBytes: Int {
        MemoryLayout<Self>.size + 3 * settings.window * MemoryLayout<Double>.size + 3 * 32
    }
}
