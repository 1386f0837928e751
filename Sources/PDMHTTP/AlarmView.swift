import AlarmEngine
import AlarmStore

/// An alarm as the API and `pdm alarms list --json` show it.
public struct AlarmView: Encodable, Sendable {
    public var asset: String
    public var rule: String
    public var state: String
    public var priority: String
    public var priority_rank: Int
    public var occurrence: Int
    public var condition_active: Bool
    public var acknowledged: Bool
    public var value: Double?
    public var message: String
    public var area: String
    public var raised_at: Double
    public var changed_at: Double
    public var shelved_until: Double?
    public var shelved_by: String?
    /// The channel its rule watches; absent for remaining-life rules.
    public var channel: String?
    /// The unit of `value`: the channel's, or the remaining life's.
    public var unit: String?

    public init(_ alarm: Alarm, channel: String? = nil, unit: String? = nil) {
        self.channel = channel
        self.unit = unit
        asset = alarm.key.asset
        rule = alarm.key.rule
        state = alarm.state.rawValue
        priority = alarm.priority.name
        priority_rank = alarm.priority.rank
        occurrence = alarm.occurrence
        condition_active = alarm.conditionActive
        acknowledged = alarm.acknowledged
        value = alarm.value
        message = alarm.message
        area = alarm.area
        raised_at = alarm.raisedAt
        changed_at = alarm.changedAt
        shelved_until = alarm.shelf?.until
        shelved_by = alarm.shelf?.user
    }
}

/// A journal entry as the API shows it.
struct JournalView: Encodable, Sendable {
    var time: Double
    var occurrence: Int
    var from: String
    var to: String
    var cause: String
    var user: String?
    var comment: String?
    var priority: String
    var value: Double?

    init(_ entry: AlarmTransition) {
        time = entry.time
        occurrence = entry.occurrence
        from = entry.from.rawValue
        to = entry.to.rawValue
        cause = entry.cause.rawValue
        user = entry.user
        comment = entry.comment
        priority = entry.priority.name
        value = entry.value
    }
}

/// An outbox entry as the API shows it.
struct NotificationView: Encodable, Sendable {
    var id: Int64
    var idempotency_key: String
    var receiver: String
    var kind: String
    var status: String
    var attempts: Int
    var last_error: String?
    var confirmed_by: String?

    init(_ entry: OutboxEntry) {
        id = entry.id
        idempotency_key = entry.idempotencyKey
        receiver = entry.receiver
        kind = entry.intent.kind.rawValue
        status = entry.status
        attempts = entry.attempts
        last_error = entry.lastError
        confirmed_by = entry.confirmedBy
    }
}
