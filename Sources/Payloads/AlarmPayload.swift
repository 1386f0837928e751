import AlarmEngine

/// An alarm as pdm tells it, in one shape everywhere: the retained state on
/// `<prefix>/alarms/<asset>/<rule>/state`, the record inside every alarm event, the API's alarms
/// (`/api/v1/alarms`), the console and `pdm alarms list --json`. Its JSON Schema is
/// `Schemas/alarm-state.schema.json`.
public struct AlarmPayload: Codable, Sendable, Hashable {
    /// Version of the alarm payloads (4: events carry the alarm's whole record).
    public static let currentVersion = 4

    public var version: Int
    public var asset: String
    public var rule: String
    public var occurrence: Int
    public var state: String
    public var priority: String
    public var priority_rank: Int
    public var condition_active: Bool
    public var acknowledged: Bool
    public var value: Double?
    public var message: String
    public var area: String
    public var raised_at: Double
    public var raised_ts: String
    public var changed_at: Double
    public var changed_ts: String
    public var shelved_until: Double?
    public var shelved_by: String?
    public var suppressed_by: String?
    public var out_of_service_by: String?
    public var held_by_flood: Bool
    /// The channel its rule watches (API only; absent for remaining-life rules).
    public var channel: String?
    /// The unit of `value`: the channel's, or the remaining life's (API only).
    public var unit: String?

    public init(_ alarm: Alarm, channel: String? = nil, unit: String? = nil) {
        version = Self.currentVersion
        asset = alarm.key.asset
        rule = alarm.key.rule
        occurrence = alarm.occurrence
        state = alarm.state.rawValue
        priority = alarm.priority.name
        priority_rank = alarm.priority.rank
        condition_active = alarm.conditionActive
        acknowledged = alarm.acknowledged
        value = alarm.value
        message = alarm.message
        area = alarm.area
        raised_at = alarm.raisedAt
        raised_ts = Timestamp.iso8601(alarm.raisedAt)
        changed_at = alarm.changedAt
        changed_ts = Timestamp.iso8601(alarm.changedAt)
        shelved_until = alarm.shelf?.until
        shelved_by = alarm.shelf?.user
        suppressed_by = alarm.suppressedBy
        out_of_service_by = alarm.outOfServiceBy
        held_by_flood = alarm.held
        self.channel = channel
        self.unit = unit
    }
}
