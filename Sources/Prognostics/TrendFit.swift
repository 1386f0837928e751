/// A line `z = a + b·τ` fitted by Bayesian regression with a normal-inverse-gamma prior, so that the
/// noise level is learned from the data too; O(1) per observation, geometrically discounted so that
/// about `memory` recent observations count.
struct TrendFit: Sendable, Hashable {
    /// Prior mean of (a, b), and its covariance in units of the noise variance.
    private let priorMean: SIMD2<Double>
    private let priorPrecision: Matrix2
    /// Inverse-gamma prior of the noise variance: shape and scale.
    private let shape: Double
    private let scale: Double
    private let discount: Double
    private var n = 0.0, s1 = 0.0, s2 = 0.0, sz = 0.0, sτz = 0.0, szz = 0.0
    private(set) var observations = 0

    /// - Parameters:
    ///   - intercept, slope: prior means; `interceptSpread`, `slopeSpread`: their prior standard
    ///     deviations in noise standard deviations (large for a weak prior).
    ///   - noise: the prior guess of the noise standard deviation, worth `noiseWeight` observations.
    init(intercept: Double, slope: Double, interceptSpread: Double, slopeSpread: Double, noise: Double,
         noiseWeight: Double = 4, memory: Double) {
        priorMean = SIMD2(intercept, slope)
        priorPrecision = Matrix2(1 / (interceptSpread * interceptSpread), 0, 0, 1 / (slopeSpread * slopeSpread))
        shape = 1 + noiseWeight / 2
        scale = noiseWeight / 2 * noise * noise
        discount = memory.isFinite && memory > 1 ? 1 - 1 / memory : 1
    }

    mutating func add(τ: Double, z: Double) {
        n = n * discount + 1
        s1 = s1 * discount + τ
        s2 = s2 * discount + τ * τ
        sz = sz * discount + z
        sτz = sτz * discount + τ * z
        szz = szz * discount + z * z
        observations += 1
    }

    /// Posterior mean of (a, b), its covariance, and the posterior mean noise variance.
    func posterior() -> (mean: SIMD2<Double>, covariance: Matrix2, noise: Double)? {
        let precision = priorPrecision + Matrix2(n, s1, s1, s2)
        guard let v = precision.inverse else { return nil }
        let mean = v * (priorPrecision * priorMean + SIMD2(sz, sτz))
        let priorTerm = (priorMean * (priorPrecision * priorMean)).sum()
        let postTerm = (mean * (precision * mean)).sum()
        let shapeN = shape + n / 2
        let scaleN = max(scale + 0.5 * (szz + priorTerm - postTerm), 1e-300)
        let noise = scaleN / max(shapeN - 1, 0.5)
        return (mean, v * noise, noise)
    }
}
