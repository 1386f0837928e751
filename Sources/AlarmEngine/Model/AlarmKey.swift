/// Identifies an alarm: one rule on one asset. There is at most one alarm per key at a time.
package struct AlarmKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    package var asset: String
    package var rule: String

    package init(asset: String, rule: String) {
        self.asset = asset
        self.rule = rule
    }

    package static func < (lhs: AlarmKey, rhs: AlarmKey) -> Bool {
        (lhs.asset, lhs.rule) < (rhs.asset, rhs.rule)
    }

    package var description: String { "\(asset)/\(rule)" }
}
