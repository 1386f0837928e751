/// A Gaussian prior on the line `z = intercept + slope · t`, fitted across a fleet: the mean line
/// and how much assets differ from it, plus the variance of observations around an asset's own line.
package struct LinePrior: Sendable, Hashable, Codable {
    package var intercept: Double
    package var slope: Double
    package var interceptVariance: Double
    package var slopeVariance: Double
    package var covariance: Double
    /// Variance of one observation around its asset's line.
    package var noiseVariance: Double

    package init(intercept: Double, slope: Double, interceptVariance: Double, slopeVariance: Double,
                covariance: Double, noiseVariance: Double) {
        self.intercept = intercept
        self.slope = slope
        self.interceptVariance = interceptVariance
        self.slopeVariance = slopeVariance
        self.covariance = covariance
        self.noiseVariance = noiseVariance
    }

    var mean: SIMD2<Double> { SIMD2(intercept, slope) }
    var covarianceMatrix: Matrix2 { Matrix2(interceptVariance, covariance, covariance, slopeVariance) }
}
