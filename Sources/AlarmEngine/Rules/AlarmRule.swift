import NameMatching

/// One alarm rule: a condition on a channel (or on an asset's remaining life), with its priority,
/// delays, latching and escalation policy. Applied per asset.
public struct AlarmRule: Sendable, Hashable {
    /// A higher priority taken while the measure is further beyond `limit` (severity that rises
    /// and falls with the condition, with the rule's deadband as hysteresis).
    public struct SeverityStep: Sendable, Hashable {
        public var limit: Double
        public var priority: Priority

        public init(limit: Double, priority: Priority) {
            self.limit = limit
            self.priority = priority
        }
    }

    public var name: String
    /// The channel the rule watches; nil for remaining-life rules.
    public var channel: String?
    public var condition: RuleCondition
    /// Glob patterns of the assets the rule applies to; all assets when empty.
    public var assets: [String]
    public var priority: Priority
    public var severity: [SeverityStep]
    /// Seconds the condition must hold before the alarm is raised.
    public var onDelay: Double
    /// Seconds the condition must stay clear before the alarm returns to normal.
    public var offDelay: Double
    /// A latched alarm stays on the list after its condition clears until an operator resets it.
    public var latched: Bool
    /// Name of the escalation policy; nil notifies nobody.
    public var escalation: String?
    /// Asset states in which the rule is suppressed by design.
    public var suppressedIn: Set<String>
    /// Text for people (work orders, consoles).
    public var message: String
    /// Changes for some assets (see ``resolved(for:)``).
    public var overrides: [RuleOverride]

    public init(name: String, channel: String?, condition: RuleCondition, assets: [String] = [],
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
    public func applies(to asset: String) -> Bool {
        assets.isEmpty || assets.contains { Glob.matches($0, asset) }
    }
}
