/// A limit on one channel: active while the value is beyond `limit`, cleared once it is back
/// inside by more than `deadband` (hysteresis, so a value hovering at the limit does not chatter).
public struct ThresholdRule: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable {
        case above
        case below
    }

    /// Name used in alarm topics and payloads.
    public var name: String
    /// The channel the rule watches.
    public var channel: String
    public var direction: Direction
    public var limit: Double
    public var deadband: Double
    /// A free-form priority label carried into the alarm (e.g. "high").
    public var priority: String
    /// Restrict the rule to these assets; all assets when empty.
    public var assets: Set<String>

    public init(name: String, channel: String, direction: Direction, limit: Double, deadband: Double = 0,
                priority: String = "medium", assets: Set<String> = []) {
        self.name = name
        self.channel = channel
        self.direction = direction
        self.limit = limit
        self.deadband = max(0, deadband)
        self.priority = priority
        self.assets = assets
    }

    public func applies(to asset: String, channel: String) -> Bool {
        channel == self.channel && (assets.isEmpty || assets.contains(asset))
    }

    /// Whether `value` is beyond the limit (raises the alarm).
    func isViolated(by value: Double) -> Bool {
        switch direction {
        case .above: return value > limit
        case .below: return value < limit
        }
    }

    /// Whether `value` is back inside the limit by more than the deadband (clears the alarm).
    func isClear(for value: Double) -> Bool {
        switch direction {
        case .above: return value <= limit - deadband
        case .below: return value >= limit + deadband
        }
    }
}
