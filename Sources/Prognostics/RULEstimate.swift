/// A remaining-useful-life estimate: a distribution summarised by its median and an interval.
///
/// All times are in the unit of the model's time axis (seconds, cycles, hours, …).
package struct RULEstimate: Sendable, Hashable, Codable {
    /// The asset the estimate is for.
    package var asset: String
    /// Time of the newest observation the estimate uses.
    package var time: Double
    /// Median remaining useful life.
    package var rul: Double
    /// Lower bound of the interval (its lower quantile, 5 % by default).
    package var lower: Double
    /// Upper bound of the interval (its upper quantile, 95 % by default).
    package var upper: Double
    /// The health indicator at `time` (0 as new, rising towards the failure threshold).
    package var healthIndicator: Double
    /// The failure threshold on the health indicator.
    package var threshold: Double
    /// True when the estimate reaches the model's horizon: the asset shows no degradation the model
    /// can extrapolate, and the remaining life is at least `rul`.
    package var beyondHorizon: Bool
    /// The method that made the estimate: `similarity`, `exponential` or `linear`.
    package var method: String
    /// Name and version of the model file.
    package var model: String
    package var modelVersion: Int

    package init(asset: String, time: Double, rul: Double, lower: Double, upper: Double, healthIndicator: Double,
                threshold: Double, beyondHorizon: Bool, method: String, model: String, modelVersion: Int) {
        self.asset = asset
        self.time = time
        self.rul = rul
        self.lower = lower
        self.upper = upper
        self.healthIndicator = healthIndicator
        self.threshold = threshold
        self.beyondHorizon = beyondHorizon
        self.method = method
        self.model = model
        self.modelVersion = modelVersion
    }
}
