#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Streaming features of one channel in bounded memory: windowed statistics (Welford with removal
/// and periodic exact recomputation), exponentially weighted statistics, rolling slope and rate of
/// change (once the window is full), and anomaly scores against a healthy baseline that is either
/// given (fitted by `pdm retrain`) or learned from the channel's first readings.
///
/// The baseline is learned robustly: start-up readings are skipped, then the median and MAD of the
/// next ``Settings/learningReadings`` make it. Its centre then follows slow healthy drift (an
/// exponential average with ``Settings/driftHalfLife``, paused while a reading is half-way to
/// anomalous). Rises and falls are scored apart, each a one-sided z-score and CUSUM whose limits
/// follow from ``Settings/falseAlarmRunLength``.
///
/// Readings that arrive more than `lateness` behind the newest one are refused: folding them in
/// would corrupt the time-ordered statistics.
package struct ChannelMonitor: Sendable {
    /// Settings shared by every channel of a pipeline.
    package struct Settings: Sendable, Hashable {
        /// Readings in the rolling window.
        package var window: Int
        /// Half-life of the exponentially weighted statistics, in readings.
        package var halfLife: Double
        /// Readings that make a learned baseline.
        package var learningReadings: Int
        /// How far (time units) behind the newest reading one may arrive and still count.
        package var lateness: Double
        /// Start-up readings left out before the baseline is learned.
        package var baselineSkip: Int
        /// Average readings between false alarms, per direction, on a healthy channel that does not
        /// drift (the z-score and CUSUM limits follow from it).
        package var falseAlarmRunLength: Double
        /// Half-life, in readings, with which the baseline's centre follows slow drift; 0 keeps it
        /// fixed. A rise slower than about 0.35 / `driftHalfLife` standard deviations per reading is
        /// taken for drift.
        package var driftHalfLife: Double
        /// Slack of the CUSUM in standard deviations: it is quickest on shifts of twice this.
        package var cusumSlack: Double

        /// - Parameters:
        ///   - baselineSkip: nil skips a tenth of `learningReadings`.
        ///   - driftHalfLife: nil is four times `learningReadings`.
        package init(window: Int = 60, halfLife: Double = 30, learningReadings: Int = 100, lateness: Double = 60,
                    baselineSkip: Int? = nil, falseAlarmRunLength: Double = 100_000, driftHalfLife: Double? = nil,
                    cusumSlack: Double = 0.5) {
            self.window = window
            self.halfLife = halfLife
            self.learningReadings = learningReadings
            self.lateness = lateness
            self.baselineSkip = baselineSkip ?? learningReadings / 10
            self.falseAlarmRunLength = falseAlarmRunLength
            self.driftHalfLife = driftHalfLife ?? 4 * Double(learningReadings)
            self.cusumSlack = cusumSlack
        }

        /// The z-score limit per direction: its one-sided Gaussian tail is one in twice the run length
        /// (the z-score and the CUSUM share the false alarms).
        package var zLimit: Double { Gaussian.upperQuantile(1 / (2 * max(falseAlarmRunLength, 1))) }

        /// The CUSUM decision limit per direction, in standard deviations.
        package var cusumLimit: Double { CUSUMDetector.limit(slack: cusumSlack, runLength: 2 * falseAlarmRunLength) }
    }

    /// Why a reading was refused.
    package enum Refusal: Error, Sendable, Hashable {
        case notFinite
        case late(newest: Double)
    }

    /// The settings with the limits derived from them, shared by every channel that uses them.
    package final class Tuning: Sendable {
        package let settings: Settings
        let zLimit: Double
        let driftWeight: Double

        package init(_ settings: Settings) {
            self.settings = settings
            zLimit = settings.zLimit
            driftWeight = settings.driftHalfLife > 0 ? 1 - pow(2, -1 / settings.driftHalfLife) : 0
        }
    }

    private let tuning: Tuning
    package var settings: Settings { tuning.settings }
    private var window: RollingStatistics
    private var smoothed: ExponentialStatistics
    private var learning: [Double] = []
    private var skipped = 0
    private var cusum: CUSUMDetector?
    private var pageHinkley: PageHinkleyDetector?
    package private(set) var newest = -Double.infinity
    /// The time of the reading taken last (which may be a little older than `newest`), and its
    /// anomaly scores: with the windows, what ``features`` is made of.
    private var lastTime: Double?
    private var lastScores: AnomalyScores?

    /// - Parameter baseline: the healthy baseline, if known; otherwise it is learned.
    package init(settings: Settings, baseline: Baseline? = nil) {
        self.init(tuning: Tuning(settings), baseline: baseline)
    }

    /// - Parameter tuning: settings shared with other channels (one copy for a whole plant).
    package init(tuning: Tuning, baseline: Baseline? = nil) {
        self.tuning = tuning
        let settings = tuning.settings
        window = RollingStatistics(capacity: max(settings.window, 2), timed: true)
        smoothed = ExponentialStatistics(halfLife: settings.halfLife)
        if let baseline { arm(baseline) }
    }

    /// The baseline anomalies are scored against, once there is one.
    package private(set) var baseline: Baseline?

    private mutating func arm(_ baseline: Baseline) {
        self.baseline = baseline
        cusum = CUSUMDetector(baseline: baseline, slack: settings.cusumSlack, limit: settings.cusumLimit)
        // Page–Hinkley on the standardised value: tolerate half a deviation, signal at 20.
        pageHinkley = PageHinkleyDetector(delta: 0.5, threshold: 20)
    }

    /// Takes one reading and returns the channel's features after it.
    package mutating func add(time: Double, value: Double) -> Result<ChannelFeatures, Refusal> {
        guard value.isFinite, time.isFinite else { return .failure(.notFinite) }
        if time < newest - settings.lateness { return .failure(.late(newest: newest)) }
        newest = max(newest, time)
        window.add(value, at: time)
        smoothed.add(value)
        var anomaly: AnomalyScores?
        if var baseline = self.baseline, var cusum, var pageHinkley {
            let z = baseline.zScore(value)
            cusum.update(standardised: z)
            let scores = AnomalyScores(
                zScore: z, cusum: max(cusum.upper, cusum.lower) / cusum.limit, pageHinkley: pageHinkley.update(z),
                upward: max(z / tuning.zLimit, cusum.upper / cusum.limit), downward: max(-z / tuning.zLimit, cusum.lower / cusum.limit))
            // Follow slow drift while nothing is under way.
            if tuning.driftWeight > 0 && scores.score < 0.5 {
                baseline.mean += tuning.driftWeight * (value - baseline.mean)
                self.baseline = baseline
            }
            anomaly = scores
            self.cusum = cusum
            self.pageHinkley = pageHinkley
        } else if skipped < settings.baselineSkip {
            skipped += 1
        } else {
            learning.append(value)
            if learning.count >= settings.learningReadings {
                arm(Baseline.robust(learning))
                learning = []
            }
        }
        lastTime = time
        lastScores = anomaly
        return .success(features(time: time, value: value))
    }

    /// The channel's features after the reading taken last; nil before the first.
    package var features: ChannelFeatures? {
        guard let time = lastTime, let value = window.newestValue else { return nil }
        return features(time: time, value: value)
    }

    private func features(time: Double, value: Double) -> ChannelFeatures {
        let full = window.count >= window.capacity
        return ChannelFeatures(
            time: time, value: value, count: window.count, mean: window.mean,
            standardDeviation: window.standardDeviation, minimum: window.minimum ?? value,
            maximum: window.maximum ?? value, smoothedMean: smoothed.mean,
            smoothedDeviation: smoothed.standardDeviation, slope: full ? window.slope : nil,
            rateOfChange: full ? window.rateOfChange : nil, anomaly: lastScores,
            baselineRemaining: baseline == nil
                ? max(settings.baselineSkip - skipped, 0) + max(settings.learningReadings - learning.count, 0) : 0)
    }

    /// Bytes of state held for this channel: the structure, its window (a value and a time offset
    /// per reading) and, while learning, the readings of the baseline.
    package var stateBytes: Int {
        MemoryLayout<Self>.size + settings.window * (MemoryLayout<Double>.size + MemoryLayout<Float>.size)
            + learning.capacity * MemoryLayout<Double>.size + 2 * 32
    }
}
