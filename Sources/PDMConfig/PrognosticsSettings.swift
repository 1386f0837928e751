/// Where fitted models live and how their estimates are reported (`prognostics:` in alarms.yaml).
public struct PrognosticsSettings: Sendable, Hashable {
    /// Directory of model files (`*.json`); relative paths are taken from the configuration
    /// file's directory.
    public var modelDirectory: String = "models"
    /// Quantiles bounding the reported RUL interval; nil keeps each model's own.
    public var interval: (lower: Double, upper: Double)?
    /// Seconds between checks of the model directory for changed files (0 turns reloading off).
    public var reloadInterval: Double = 10

    public init() {}

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.modelDirectory == rhs.modelDirectory && lhs.reloadInterval == rhs.reloadInterval
            && lhs.interval?.lower == rhs.interval?.lower && lhs.interval?.upper == rhs.interval?.upper
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(modelDirectory)
        hasher.combine(reloadInterval)
        hasher.combine(interval?.lower)
        hasher.combine(interval?.upper)
    }
}
