import RealModule
import Signals

/// A parametric degradation model on the health indicator `S(t)`, t counted from the onset of
/// degradation (so that a fleet prior holds whatever the age at which monitoring began):
///
/// - linear: `S = a + b·t + ε`
/// - exponential: `S = φ + θ·exp(β·t + ε − σ²/2)`, fitted as the line `ln(S − φ) = a + β·t + ε`
///   with `a = ln θ − σ²/2`.
///
/// The fleet prior on the line comes from run-to-failure histories; each asset updates it with
/// its own observations (``BayesianLineFit``). Remaining life is when the line reaches the
/// failure threshold, sampled over the posterior and the threshold's spread.
package struct DegradationModel: Sendable, Hashable, Codable {
    package enum Shape: String, Sendable, Hashable, Codable {
        case linear, exponential
    }

    package var shape: Shape
    /// φ of the exponential model: a level below every healthy value; 0 for the linear model.
    package var offset: Double
    package var prior: LinePrior
    /// Effective number of recent observations an asset's fit keeps.
    package var memory: Double
    /// Health-indicator level that marks the onset of degradation: the fit starts once the mean
    /// of the last ``onsetSteps`` values reaches it. Before, the asset is healthy and its remaining
    /// life is beyond the horizon.
    package var onset: Double
    /// Times from onset to failure of the training assets, ascending: before an asset's onset its
    /// remaining life is at least one of these.
    package var durations: [Double]

    package init(shape: Shape, offset: Double, prior: LinePrior, memory: Double, onset: Double, durations: [Double]) {
        self.durations = durations
        self.shape = shape
        self.offset = offset
        self.prior = prior
        self.memory = memory
        self.onset = onset
    }

    /// Steps averaged by the onset test.
    package static let onsetSteps = 5

    /// Whether the newest values (oldest first) show that degradation has begun.
    package func hasStarted(recent: ArraySlice<Double>) -> Bool {
        let tail = recent.suffix(Self.onsetSteps)
        guard tail.count == Self.onsetSteps else { return false }
        return tail.reduce(0, +) / Double(tail.count) >= onset
    }

    /// Index of the first step at which `trajectory` shows degradation under the onset test.
    package func onsetIndex(_ trajectory: [Double]) -> Int? {
        guard trajectory.count >= Self.onsetSteps else { return nil }
        for end in Self.onsetSteps...trajectory.count where hasStarted(recent: trajectory[(end - Self.onsetSteps)..<end]) {
            return end - 1
        }
        return nil
    }

    /// Smallest `S − φ` the exponential model takes the logarithm of.
    static let floor = 1e-4

    /// The health indicator on the model's line scale.
    package func transform(_ healthIndicator: Double) -> Double {
        switch shape {
        case .linear: healthIndicator
        case .exponential: Double.log(max(healthIndicator - offset, Self.floor))
        }
    }

    /// The health indicator for a value on the line scale.
    package func inverse(_ z: Double) -> Double {
        switch shape {
        case .linear: z
        case .exponential: offset + Double.exp(z)
        }
    }

    /// A fresh per-asset fit starting from the fleet prior.
    package func makeFit() -> BayesianLineFit {
        BayesianLineFit(prior: prior, memory: memory)
    }

    /// Samples of remaining life at `t` after onset, sorted ascending, each capped at `horizon`.
    func remainingLife(fit: BayesianLineFit, at t: Double, threshold: Threshold, horizon: Double,
                       samples: Int, generator: inout some RandomNumberGenerator) -> [Double] {
        let (mean, covariance) = fit.posterior()
        let factor = covariance.cholesky
        var lives: [Double] = []
        lives.reserveCapacity(samples)
        for _ in 0..<samples {
            let (u, v) = Gaussian.pair(using: &generator)
            var line = mean
            if let factor {
                line.x += factor.l11 * u
                line.y += factor.l21 * u + factor.l22 * v
            }
            let level = threshold.value + threshold.spread * Gaussian.pair(using: &generator).0
            let target = transform(level)
            var life = horizon
            if line.y > 0 {
                let failure = (target - line.x) / line.y
                life = min(max(failure - t, 0), horizon)
            } else if line.x + line.y * t >= target {
                life = 0
            }
            lives.append(life)
        }
        lives.sort()
        return lives
    }
}
