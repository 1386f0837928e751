/// Everything the engine needs besides the rules' own settings.
public struct AlarmSettings: Sendable, Hashable {
    /// Chattering: `transitions` condition changes within `window` seconds shelve the alarm for `shelve` seconds.
    public struct Chatter: Sendable, Hashable {
        public var transitions: Int
        public var window: Double
        public var shelve: Double

        public init(transitions: Int = 6, window: Double = 60, shelve: Double = 3600) {
            self.transitions = transitions
            self.window = window
            self.shelve = shelve
        }
    }

    /// Flood: `alarms` new alarms in an area within `window` seconds; alarms of priority up to
    /// `hold` are held (listed, not notified) until the rate falls below it.
    public struct Flood: Sendable, Hashable {
        public var alarms: Int
        public var window: Double
        public var hold: Priority
        public var receivers: [String]

        public init(alarms: Int = 10, window: Double = 600, hold: Priority = .low, receivers: [String] = []) {
            self.alarms = alarms
            self.window = window
            self.hold = hold
            self.receivers = receivers
        }
    }

    public var rules: [AlarmRule]
    public var policies: [String: EscalationPolicy]
    /// Longest a shelf may last (seconds).
    public var maximumShelve: Double
    public var chatter: Chatter?
    public var flood: Flood?
    /// Area of each asset: glob pattern → area, first match wins; "plant" otherwise.
    public var areas: [(pattern: String, area: String)]
    /// Receivers told when alarms they match are raised, besides the escalation policy's levels.
    public var routes: [NotificationRoute]

    public init(rules: [AlarmRule], policies: [String: EscalationPolicy] = [:], maximumShelve: Double = 8 * 3600,
                chatter: Chatter? = Chatter(), flood: Flood? = Flood(), areas: [(pattern: String, area: String)] = [],
                routes: [NotificationRoute] = []) {
        self.routes = routes
        self.rules = rules
        self.policies = policies
        self.maximumShelve = maximumShelve
        self.chatter = chatter
        self.flood = flood
        self.areas = areas
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.rules == rhs.rules && lhs.policies == rhs.policies && lhs.maximumShelve == rhs.maximumShelve
            && lhs.chatter == rhs.chatter && lhs.flood == rhs.flood && lhs.routes == rhs.routes
            && lhs.areas.map(\.pattern) == rhs.areas.map(\.pattern) && lhs.areas.map(\.area) == rhs.areas.map(\.area)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rules)
        hasher.combine(maximumShelve)
    }
}
