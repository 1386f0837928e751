import AlarmEngine

/// Which alarms to list.
public struct AlarmFilter: Sendable, Hashable {
    public var states: [AlarmState]
    /// Only alarms at this priority rank or above.
    public var minimumRank: Int?
    /// Asset name or glob pattern.
    public var asset: String?
    public var limit: Int
    public var offset: Int

    public init(states: [AlarmState] = [], minimumRank: Int? = nil, asset: String? = nil, limit: Int = 100, offset: Int = 0) {
        self.states = states
        self.minimumRank = minimumRank
        self.asset = asset
        self.limit = limit
        self.offset = offset
    }
}
