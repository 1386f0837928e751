import AlarmEngine

/// An alarm as pdm tells it, in one shape everywhere: the retained state on
/// `<prefix>/alarms/<asset>/<rule>/state`, the record inside every alarm event, the API's alarms
/// (`/api/v1/alarms`), the console and `pdm alarms list --json`. Its JSON Schema is
/// `Schemas/alarm-state.schema.json`.
package struct AlarmPayload: Codable, Sendable, Hashable {
    /// Version of the alarm payloads (4: events carry the alarm's whole record).
    package static let currentVersion = 4

    package var version: Int
    package var asset: String
    package var rule: String
    package var occurrence: Int
    package var state: String
    package var priority: String
    package var priority_rank: Int
    package var condition_active: Bool
    package var acknowledged: Bool
    package var value: Double?
    package var message: String
    package var area: String
    package var raised_at: Double
    package var raised_ts: String
    package var changed_at: Double
    package var changed_ts: String
    package var shelved_until: Double?
    package var shelved_by: String?
    package var suppressed_by: String?
    package var out_of_service_by: String?
    package var held_by_flood: Bool
    /// The channel its rule watches (API only; absent for remaining-life rules).
    package var channel: String?
    /// The unit of `value`: the channel's, or the remaining life's (API only).
    package var unit: String?

    package init(_ alarm: Alarm, channel: String? = nil, unit: String? = nil) {
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
