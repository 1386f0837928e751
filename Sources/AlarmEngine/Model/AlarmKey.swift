/// Identifies an alarm: one rule on one asset. There is at most one alarm per key at a time.
public struct AlarmKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var asset: String
    public var rule: String

    public init(asset: String, rule: String) {
        self.asset = asset
        self.rule = rule
    }

    public static func < (lhs: AlarmKey, rhs: AlarmKey) -> Bool {
        (lhs.asset, lhs.rule) < (rhs.asset, rhs.rule)
    }

    public var description: String { "\(asset)/\(rule)" }
}
