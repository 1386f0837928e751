/// The state of one threshold rule for one asset: a pure state machine fed with values.
public struct ThresholdState: Sendable, Hashable {
    /// What the caller must do after a value.
    public enum Decision: Sendable, Hashable {
        /// Nothing changed.
        case none
        /// The limit was crossed: raise the alarm.
        case raise
        /// The value is back inside the limit and deadband: clear the alarm.
        case clear
    }

    public private(set) var isActive = false

    public init() {}

    public mutating func evaluate(_ value: Double, against rule: ThresholdRule) -> Decision {
        if !isActive && rule.isViolated(by: value) {
            isActive = true
            return .raise
        }
        if isActive && rule.isClear(for: value) {
            isActive = false
            return .clear
        }
        return .none
    }
}
