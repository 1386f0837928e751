import NameMatching

/// A routing rule (`routes:` in alarms.yaml): alarms it matches notify its receivers when they are
/// raised, besides the levels of their escalation policy. Routes are tried in order; the first
/// match ends the search unless it says `continue`, as in Alertmanager.
package struct NotificationRoute: Sendable, Hashable, Codable {
    /// Priority names the route takes; empty takes every priority.
    package var priorities: [String]
    /// Lowest priority rank the route takes.
    package var minimumRank: Int?
    /// Glob patterns over asset names; empty takes every asset.
    package var assets: [String]
    /// Glob patterns over rule names; empty takes every rule.
    package var rules: [String]
    /// Glob patterns over areas; empty takes every area.
    package var areas: [String]
    package var receivers: [String]
    /// Whether later routes are tried after this one matched.
    package var continues: Bool

    package init(priorities: [String] = [], minimumRank: Int? = nil, assets: [String] = [], rules: [String] = [],
                areas: [String] = [], receivers: [String], continues: Bool = false) {
        self.priorities = priorities
        self.minimumRank = minimumRank
        self.assets = assets
        self.rules = rules
        self.areas = areas
        self.receivers = receivers
        self.continues = continues
    }

    /// Whether the route takes an alarm of this key, priority and area.
    package func matches(_ key: AlarmKey, priority: Priority, area: String) -> Bool {
        func any(_ patterns: [String], _ name: String) -> Bool {
            patterns.isEmpty || patterns.contains { Glob.matches($0, name) }
        }
        if !priorities.isEmpty, !priorities.contains(priority.name) { return false }
        if let minimumRank, priority.rank < minimumRank { return false }
        return any(assets, key.asset) && any(rules, key.rule) && any(areas, area)
    }

    /// The receivers the routes give an alarm, in route order, each once.
    package static func receivers(of routes: [NotificationRoute], for key: AlarmKey, priority: Priority,
                                 area: String) -> [String] {
        var result: [String] = []
        for route in routes where route.matches(key, priority: priority, area: area) {
            for receiver in route.receivers where !result.contains(receiver) { result.append(receiver) }
            if !route.continues { break }
        }
        return result
    }
}
