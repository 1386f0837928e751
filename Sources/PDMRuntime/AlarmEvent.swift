import AlarmEngine

/// A threshold alarm raised or cleared, as published on `<prefix>/alarms/<asset>/<rule>`.
public struct AlarmEvent: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        case active
        case cleared
    }

    public var asset: String
    public var rule: ThresholdRule
    public var state: State
    /// The reading that caused the transition.
    public var reading: Reading
    /// Rolling mean and standard deviation of the channel at that moment.
    public var mean: Double
    public var standardDeviation: Double

    public init(asset: String, rule: ThresholdRule, state: State, reading: Reading, mean: Double,
                standardDeviation: Double) {
        self.asset = asset
        self.rule = rule
        self.state = state
        self.reading = reading
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// `<prefix>/alarms/<asset>/<rule>`.
    public func topic(prefix: String) -> String { "\(prefix)/alarms/\(asset)/\(rule.name)" }
}
