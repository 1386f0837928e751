/// What makes a rule's condition active.
package enum RuleCondition: Sendable, Hashable {
    /// Which side of a limit is bad.
    package enum Direction: String, Sendable, Hashable, Codable {
        case above, below
    }

    /// Which figure of a remaining-useful-life estimate is compared: the interval's lower bound
    /// (the pessimistic case, at the interval's confidence) or the median.
    package enum LifeBound: String, Sendable, Hashable, Codable {
        case lower, median
    }

    /// The channel's value beyond a limit; clear once back inside by the deadband.
    case threshold(Direction, limit: Double, deadband: Double)
    /// The channel's rate of change (per second) beyond a limit.
    case rateOfChange(Direction, limit: Double, deadband: Double)
    /// The channel's anomaly evidence in a direction (1 = anomalous) above a level.
    case anomaly(level: Double, deadband: Double, direction: AnomalyDirection = .up)
    /// The asset's remaining useful life below a horizon (in the model's time unit).
    case remainingLife(below: Double, bound: LifeBound, deadband: Double)
    /// Sensor health: no reading of the channel for `seconds`.
    case noData(seconds: Double)
    /// Sensor health: the value has not moved by more than `tolerance` for `seconds`.
    case stuck(seconds: Double, tolerance: Double)
    /// Sensor health: a value outside the physically possible range.
    case outOfRange(low: Double, high: Double)
    /// Sensor health: the data source reports the sensor faulty (until the next good reading).
    case sensorFault
    /// The asset's data source is gone (Sparkplug NDEATH/DDEATH): active until fresh data arrive.
    /// While active it inhibits the asset's other alarms: stale values neither raise nor clear them.
    case communicationLost

    /// Whether the condition judges the sensor rather than the machine; such alarms inhibit the
    /// other alarms of the same channel while active.
    package var isSensorHealth: Bool {
        switch self {
        case .noData, .stuck, .outOfRange, .sensorFault, .communicationLost: true
        case .threshold, .rateOfChange, .anomaly, .remainingLife: false
        }
    }

    /// Whether the condition is about the asset's remaining life rather than a channel.
    package var isRemainingLife: Bool {
        if case .remainingLife = self { return true }
        return false
    }

    /// The direction and limit of the limit-like conditions.
    var limit: (direction: Direction, limit: Double, deadband: Double)? {
        switch self {
        case .threshold(let direction, let limit, let deadband), .rateOfChange(let direction, let limit, let deadband):
            (direction, limit, deadband)
        case .anomaly(let level, let deadband, _): (.above, level, deadband)
        case .remainingLife(let below, _, let deadband): (.below, below, deadband)
        case .noData, .stuck, .outOfRange, .sensorFault, .communicationLost: nil
        }
    }
}
