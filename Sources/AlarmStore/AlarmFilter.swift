import AlarmEngine

/// Which alarms to list.
package struct AlarmFilter: Sendable, Hashable {
    package var states: [AlarmState]
    /// Only alarms at this priority rank or above.
    package var minimumRank: Int?
    /// Asset name or glob pattern.
    package var asset: String?
    package var limit: Int
    package var offset: Int

    package init(states: [AlarmState] = [], minimumRank: Int? = nil, asset: String? = nil, limit: Int = 100, offset: Int = 0) {
        self.states = states
        self.minimumRank = minimumRank
        self.asset = asset
        self.limit = limit
        self.offset = offset
    }
}
