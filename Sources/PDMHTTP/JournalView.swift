import AlarmEngine
import AlarmStore

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
