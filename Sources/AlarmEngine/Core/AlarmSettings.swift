/// Everything the engine needs besides the rules' own settings.
package struct AlarmSettings: Sendable, Hashable {
    /// Chattering: `transitions` condition changes within `window` seconds shelve the alarm for `shelve` seconds.
    package struct Chatter: Sendable, Hashable {
        package var transitions: Int
        package var window: Double
        package var shelve: Double

        package init(transitions: Int = 6, window: Double = 60, shelve: Double = 3600) {
            self.transitions = transitions
            self.window = window
            self.shelve = shelve
        }
    }

    /// Flood: `alarms` new alarms in an area within `window` seconds; alarms of priority up to
    /// `hold` are held (listed, not notified) until the rate falls below it.
    package struct Flood: Sendable, Hashable {
        package var alarms: Int
        package var window: Double
        package var hold: Priority
        package var receivers: [String]
        /// The shard whose alarms this engine counts, in a cluster: an area's summary alarm is then
        /// `<area>@<shard>`, one per shard, since no shard sees the others' alarms.
        package var scope: String?

        package init(alarms: Int = 10, window: Double = 600, hold: Priority = .low, receivers: [String] = [],
                     scope: String? = nil) {
            self.alarms = alarms
            self.window = window
            self.hold = hold
            self.receivers = receivers
            self.scope = scope
        }

        /// The key of the summary alarm of `area`'s flood.
        package func summaryKey(of area: String) -> AlarmKey {
            AlarmKey(asset: scope.map { "\(area)@\($0)" } ?? area, rule: AlarmCore.floodRule)
        }
    }

    package var rules: [AlarmRule]
    package var policies: [String: EscalationPolicy]
    /// Longest a shelf may last (seconds).
    package var maximumShelve: Double
    package var chatter: Chatter?
    package var flood: Flood?
    /// Area of each asset: glob pattern → area, first match wins; "plant" otherwise.
    package var areas: [(pattern: String, area: String)]
    /// Receivers told when alarms they match are raised, besides the escalation policy's levels.
    package var routes: [NotificationRoute]

    package init(rules: [AlarmRule], policies: [String: EscalationPolicy] = [:], maximumShelve: Double = 8 * 3600,
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

    package static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.rules == rhs.rules && lhs.policies == rhs.policies && lhs.maximumShelve == rhs.maximumShelve
            && lhs.chatter == rhs.chatter && lhs.flood == rhs.flood && lhs.routes == rhs.routes
            && lhs.areas.map(\.pattern) == rhs.areas.map(\.pattern) && lhs.areas.map(\.area) == rhs.areas.map(\.area)
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(rules)
        hasher.combine(maximumShelve)
    }
}
