import NameMatching

/// One alarm rule: a condition on a channel (or on an asset's remaining life), with its priority,
/// delays, latching and escalation policy. Applied per asset.
package struct AlarmRule: Sendable, Hashable {
    /// A higher priority taken while the measure is further beyond `limit` (severity that rises
    /// and falls with the condition, with the rule's deadband as hysteresis).
    package struct SeverityStep: Sendable, Hashable {
        package var limit: Double
        package var priority: Priority

        package init(limit: Double, priority: Priority) {
            self.limit = limit
            self.priority = priority
        }
    }

    package var name: String
    /// The channel the rule watches; nil for remaining-life rules.
    package var channel: String?
    package var condition: RuleCondition
    /// Glob patterns of the assets the rule applies to; all assets when empty.
    package var assets: [String]
    package var priority: Priority
    package var severity: [SeverityStep]
    /// Seconds the condition must hold before the alarm is raised.
    package var onDelay: Double
    /// Seconds the condition must stay clear before the alarm returns to normal.
    package var offDelay: Double
    /// A latched alarm stays on the list after its condition clears until an operator resets it.
    package var latched: Bool
    /// Name of the escalation policy; nil notifies nobody.
    package var escalation: String?
    /// Asset states in which the rule is suppressed by design.
    package var suppressedIn: Set<String>
    /// Text for people (work orders, consoles).
    package var message: String
    /// Changes for some assets (see ``resolved(for:)``).
    package var overrides: [RuleOverride]

    package init(name: String, channel: String?, condition: RuleCondition, assets: [String] = [],
                priority: Priority = .medium, severity: [SeverityStep] = [], onDelay: Double = 0,
                offDelay: Double = 0, latched: Bool = false, escalation: String? = nil,
                suppressedIn: Set<String> = ["stopped", "maintenance"], message: String = "",
                overrides: [RuleOverride] = []) {
        self.overrides = overrides
        self.name = name
        self.channel = channel
        self.condition = condition
        self.assets = assets
        self.priority = priority
        self.severity = severity
        self.onDelay = onDelay
        self.offDelay = offDelay
        self.latched = latched
        self.escalation = escalation
        self.suppressedIn = suppressedIn
        self.message = message
    }

    /// Whether the rule applies to `asset`.
    package func applies(to asset: String) -> Bool {
        assets.isEmpty || assets.contains { Glob.matches($0, asset) }
    }
}
