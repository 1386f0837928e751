/// The posterior of one asset's degradation line `z = intercept + slope · t` given a fleet prior
/// and the asset's own observations, updated one observation at a time in O(1) time and memory.
///
/// Observations are discounted geometrically so that the effective number of them stays near
/// `memory`: an asset whose degradation speeds up is followed instead of averaged away.
package struct BayesianLineFit: Sendable, Hashable, Codable {
    package let prior: LinePrior
    private let discount: Double
    private var n = 0.0, st = 0.0, stt = 0.0, sz = 0.0, stz = 0.0
    package private(set) var observations = 0

    /// - Parameter memory: effective number of recent observations kept (∞ keeps all).
    package init(prior: LinePrior, memory: Double = .infinity) {
        self.prior = prior
        self.discount = memory.isFinite && memory > 1 ? 1 - 1 / memory : 1
    }

    package mutating func add(t: Double, z: Double) {
        n = n * discount + 1
        st = st * discount + t
        stt = stt * discount + t * t
        sz = sz * discount + z
        stz = stz * discount + t * z
        observations += 1
    }

    /// Posterior mean of (intercept, slope) and its covariance.
    func posterior() -> (mean: SIMD2<Double>, covariance: Matrix2) {
        let priorCovariance = prior.covarianceMatrix
        guard let priorPrecision = priorCovariance.inverse else {
            return (prior.mean, priorCovariance)
        }
        let noise = max(prior.noiseVariance, 1e-12)
        let precision = priorPrecision + Matrix2(n, st, st, stt) * (1 / noise)
        guard let covariance = precision.inverse else { return (prior.mean, priorCovariance) }
        let rhs = priorPrecision * prior.mean + SIMD2(sz, stz) / noise
        return (covariance * rhs, covariance)
    }

    /// Posterior mean slope and intercept.
    package var meanLine: (intercept: Double, slope: Double) {
        let mean = posterior().mean
        return (mean.x, mean.y)
    }
}
