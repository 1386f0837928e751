/// A remaining-useful-life estimate: a distribution summarised by its median and an interval.
///
/// All times are in the unit of the model's time axis (seconds, cycles, hours, …).
public struct RULEstimate: Sendable, Hashable, Codable {
    /// The asset the estimate is for.
    public var asset: String
    /// Time of the newest observation the estimate uses.
    public var time: Double
    /// Median remaining useful life.
    public var rul: Double
    /// Lower bound of the interval (its lower quantile, 5 % by default).
    public var lower: Double
    /// Upper bound of the interval (its upper quantile, 95 % by default).
    public var upper: Double
    /// The health indicator at `time` (0 as new, rising towards the failure threshold).
    public var healthIndicator: Double
    /// The failure threshold on the health indicator.
    public var threshold: Double
    /// True when the estimate reaches the model's horizon: the asset shows no degradation the model
    /// can extrapolate, and the remaining life is at least `rul`.
    public var beyondHorizon: Bool
    /// The method that made the estimate: `similarity`, `exponential` or `linear`.
    public var method: String
    /// Name and version of the model file.
    public var model: String
    public var modelVersion: Int

    public init(asset: String, time: Double, rul: Double, lower: Double, upper: Double, healthIndicator: Double,
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
