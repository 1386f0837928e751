#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Signals

/// Remaining useful life of one channel without a fitted model or a fleet: a trend fitted from the
/// onset of degradation on and extrapolated to a failure level taken from the configuration.
///
/// Until the channel's anomaly detector sees degradation (in the direction of the failure level)
/// there is no estimate; if the detector falls back to normal for a few readings, the episode was
/// a false alarm and the trend waits for the next onset. From the onset, the rise above the healthy baseline is fitted two ways, as
/// a line and as an exponential (a line through the logarithm of the rise plus one baseline
/// deviation), each a Bayesian regression with a weak prior whose noise level is learned from the
/// data. The form whose one-step-ahead predictions have been better is used. The distribution of
/// the time the fitted trend reaches the failure level gives the median and the interval.
package struct TrendPrognoser: Sendable {
    /// What a trend needs to know.
    package struct Settings: Sendable, Hashable {
        /// The level (channel units) at which the machine counts as failed.
        package var failureLevel: Double
        /// Longest remaining life reported; beyond it the estimate says `beyondHorizon`.
        package var horizon: Double
        /// Readings the fit remembers (older ones fade geometrically).
        package var memory: Double
        /// Quantiles of the interval.
        package var lower: Double
        package var upper: Double

        package init(failureLevel: Double, horizon: Double, memory: Double = 500, lower: Double = 0.05, upper: Double = 0.95) {
            self.failureLevel = failureLevel
            self.horizon = horizon
            self.memory = memory
            self.lower = lower
            self.upper = upper
        }
    }

    /// The two forms of trend.
    package enum Form: String, Sendable, Hashable, CaseIterable {
        case linear, exponential
    }

    /// Name and version the estimates carry as their model.
    package static let modelName = "trend"
    package static let modelVersion = 1
    /// Readings since the onset before a first estimate.
    package static let minimumReadings = 3
    /// Consecutive normal readings (anomaly evidence under a half) that end an episode.
    package static let recoveryReadings = 5

    package let asset: String
    package let channel: String
    package let settings: Settings
    package let baseline: Baseline
    /// +1 when failure lies above the healthy level, −1 when below.
    package let direction: Double
    package private(set) var onset: Double?
    private var fits: [Form: TrendFit] = [:]
    private var errors: [Form: Double] = [:]
    private var normalRun = 0
    package private(set) var latest: RULEstimate?

    /// Nil when the failure level is not away from the healthy level by at least one deviation:
    /// a trend cannot be extrapolated towards it.
    package init?(asset: String, channel: String, settings: Settings, baseline: Baseline) {
        let spread = max(baseline.standardDeviation, 1e-9 * max(1, abs(baseline.mean)))
        guard settings.failureLevel.isFinite, abs(settings.failureLevel - baseline.mean) > spread,
              settings.horizon > 0, settings.horizon.isFinite else { return nil }
        self.asset = asset
        self.channel = channel
        self.settings = settings
        self.baseline = Baseline(mean: baseline.mean, standardDeviation: spread)
        direction = settings.failureLevel > baseline.mean ? 1 : -1
    }

    /// The rise above the healthy level toward failure, in channel units.
    private func rise(_ value: Double) -> Double { direction * (value - baseline.mean) }

    private func transform(_ rise: Double, _ form: Form) -> Double {
        switch form {
        case .linear: rise
        case .exponential: log(max(rise + baseline.standardDeviation, 1e-3 * baseline.standardDeviation))
        }
    }

    private func inverse(_ z: Double, _ form: Form) -> Double {
        switch form {
        case .linear: z
        case .exponential: exp(min(z, 700)) - baseline.standardDeviation
        }
    }

    /// Takes one reading with the channel's anomaly evidence toward failure (1: anomalous). Returns
    /// a new estimate once degradation has begun.
    package mutating func observe(time: Double, value: Double, anomaly: Double) -> RULEstimate? {
        guard time.isFinite, value.isFinite else { return nil }
        if onset != nil {
            normalRun = anomaly < 0.5 ? normalRun + 1 : 0
            if normalRun >= Self.recoveryReadings {
                onset = nil
                fits = [:]
                errors = [:]
                latest = nil
                normalRun = 0
                return nil
            }
        }
        if onset == nil {
            guard anomaly >= 1 else { return nil }
            onset = time
            let failure = rise(settings.failureLevel)
            for form in Form.allCases {
                let z0 = transform(rise(value), form)
                let span = transform(failure, form) - z0
                let noise = form == .linear ? baseline.standardDeviation : 0.3
                // Weak: the level anywhere within ten spans, the slope anywhere up to reaching failure
                // in a tenth of the horizon.
                fits[form] = TrendFit(intercept: z0, slope: 0, interceptSpread: 10 * max(abs(span), noise) / noise,
                                      slopeSpread: 10 * max(abs(span), noise) / noise, noise: noise,
                                      memory: settings.memory)
                errors[form] = 0
            }
        }
        guard let onset else { return nil }
        let τ = (time - onset) / settings.horizon
        let current = rise(value)
        for form in Form.allCases {
            guard var fit = fits[form] else { continue }
            if fit.observations >= 2, let posterior = fit.posterior() {
                let predicted = inverse(posterior.mean.x + posterior.mean.y * τ, form)
                let miss = predicted - current
                errors[form] = 0.9 * (errors[form] ?? 0) + 0.1 * miss * miss
            }
            fit.add(τ: τ, z: transform(current, form))
            fits[form] = fit
        }
        guard (fits[.linear]?.observations ?? 0) >= Self.minimumReadings else { return nil }
        let form: Form = (errors[.exponential] ?? .infinity) < (errors[.linear] ?? .infinity) ? .exponential : .linear
        guard let fit = fits[form], let posterior = fit.posterior() else { return nil }
        let estimate = remainingLife(posterior: posterior, form: form, τ: τ, time: time, value: value)
        latest = estimate
        return estimate
    }

    /// Quantiles of the time the trend reaches failure: the chance that it has by τ + r is the chance
    /// that the fitted line is at the failure level then.
    private func remainingLife(posterior: (mean: SIMD2<Double>, covariance: Matrix2, noise: Double), form: Form,
                               τ: Double, time: Double, value: Double) -> RULEstimate {
        let target = transform(rise(settings.failureLevel), form)
        func reached(by r: Double) -> Double {
            let at = τ + r
            let mean = posterior.mean.x + posterior.mean.y * at
            let variance = posterior.covariance.a + 2 * at * posterior.covariance.b + at * at * posterior.covariance.d
            guard variance > 0 else { return mean >= target ? 1 : 0 }
            return 1 - Self.upperTail((mean - target) / variance.squareRoot())
        }
        func quantile(_ p: Double) -> Double {
            // Remaining life in horizons: 0 if reached already, 1 (the horizon) if not within it.
            if reached(by: 0) >= p { return 0 }
            if reached(by: 1) < p { return 1 }
            var low = 0.0, high = 1.0
            for _ in 0..<50 {
                let middle = (low + high) / 2
                if reached(by: middle) >= p { high = middle } else { low = middle }
            }
            return (low + high) / 2
        }
        let horizon = settings.horizon
        let median = quantile(0.5) * horizon
        // The earliest plausible failure is the lower bound of life; the latest, the upper one.
        let lower = quantile(settings.lower) * horizon
        let upper = quantile(settings.upper) * horizon
        return RULEstimate(asset: asset, time: time, rul: median, lower: min(lower, median), upper: max(upper, median),
                           healthIndicator: value, threshold: settings.failureLevel, beyondHorizon: median >= horizon,
                           method: "trend-" + form.rawValue, model: Self.modelName, modelVersion: Self.modelVersion)
    }

    private static func upperTail(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }
}
