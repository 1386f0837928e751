import NameMatching

/// Settings of a rule changed for some assets (a class template adjusted for one machine).
package struct RuleOverride: Sendable, Hashable {
    /// Glob patterns of the assets it applies to.
    package var assets: [String]
    /// False turns the rule off for these assets.
    package var enabled: Bool
    /// The limit of a limit-like condition (threshold, rate, anomaly level, remaining-life horizon).
    package var limit: Double?
    package var deadband: Double?
    package var priority: Priority?
    package var onDelay: Double?
    package var offDelay: Double?
    package var escalation: String?

    package init(assets: [String], enabled: Bool = true, limit: Double? = nil, deadband: Double? = nil,
                priority: Priority? = nil, onDelay: Double? = nil, offDelay: Double? = nil, escalation: String? = nil) {
        self.assets = assets
        self.enabled = enabled
        self.limit = limit
        self.deadband = deadband
        self.priority = priority
        self.onDelay = onDelay
        self.offDelay = offDelay
        self.escalation = escalation
    }
}

extension AlarmRule {
    /// The rule as it applies to `asset`: its overrides for the asset folded in (later ones win);
    /// nil when the rule does not apply to the asset or an override turns it off.
    package func resolved(for asset: String) -> AlarmRule? {
        guard applies(to: asset) else { return nil }
        var rule = self
        for override in overrides where override.assets.contains(where: { Glob.matches($0, asset) }) {
            guard override.enabled else { return nil }
            if let priority = override.priority { rule.priority = priority }
            if let onDelay = override.onDelay { rule.onDelay = onDelay }
            if let offDelay = override.offDelay { rule.offDelay = offDelay }
            if let escalation = override.escalation { rule.escalation = escalation }
            rule.condition = rule.condition.with(limit: override.limit, deadband: override.deadband)
        }
        rule.overrides = []
        return rule
    }
}

extension RuleCondition {
    /// The condition with another limit and deadband (conditions without them are unchanged).
    func with(limit newLimit: Double?, deadband newDeadband: Double?) -> RuleCondition {
        switch self {
        case .threshold(let direction, let limit, let deadband):
            .threshold(direction, limit: newLimit ?? limit, deadband: newDeadband ?? deadband)
        case .rateOfChange(let direction, let limit, let deadband):
            .rateOfChange(direction, limit: newLimit ?? limit, deadband: newDeadband ?? deadband)
        case .anomaly(let level, let deadband, let direction):
            .anomaly(level: newLimit ?? level, deadband: newDeadband ?? deadband, direction: direction)
        case .remainingLife(let below, let bound, let deadband):
            .remainingLife(below: newLimit ?? below, bound: bound, deadband: newDeadband ?? deadband)
        case .noData, .stuck, .outOfRange, .sensorFault, .communicationLost:
            self
        }
    }
}
