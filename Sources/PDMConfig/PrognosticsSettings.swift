/// Where fitted models live and how their estimates are reported (`prognostics:` in alarms.yaml).
package struct PrognosticsSettings: Sendable, Hashable {
    /// Directory of model files (`*.json`); relative paths are taken from the configuration
    /// file's directory.
    package var modelDirectory: String = "models"
    /// Quantiles bounding the reported RUL interval; nil keeps each model's own.
    package var interval: (lower: Double, upper: Double)?
    /// Seconds between checks of the model directory for changed files (0 turns reloading off).
    package var reloadInterval: Double = 10
    /// Remaining life of assets no fitted model covers.
    package var trend = TrendSettings()

    /// Trends toward a failure level, for assets without a fitted model (`prognostics.trend`).
    package struct TrendSettings: Sendable, Hashable {
        /// Failure level per channel (asset classes may set their own).
        package var failureLevels: [String: Double] = [:]
        /// Longest remaining life reported, in time units.
        package var horizon: Double = 30 * 86_400
        /// Readings a trend remembers.
        package var memory: Double = 500
        /// Unit of the readings' time axis, reported with each estimate.
        package var timeUnit = "s"

        package init() {}
    }

    package init() {}

    package static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.modelDirectory == rhs.modelDirectory && lhs.reloadInterval == rhs.reloadInterval && lhs.trend == rhs.trend
            && lhs.interval?.lower == rhs.interval?.lower && lhs.interval?.upper == rhs.interval?.upper
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(modelDirectory)
        hasher.combine(reloadInterval)
        hasher.combine(interval?.lower)
        hasher.combine(interval?.upper)
    }
}
