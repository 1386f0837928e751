import AlarmEngine

/// One notification for one receiver, waiting in the outbox or delivered.
package struct OutboxEntry: Sendable, Hashable {
    package var id: Int64
    /// The intent's key and the receiver: stable across retries and restarts.
    package var idempotencyKey: String
    package var receiver: String
    package var intent: NotificationIntent
    package var createdAt: Double
    package var attempts: Int
    package var nextAttemptAt: Double
    package var deliveredAt: Double?
    package var deadAt: Double?
    package var lastError: String?
    /// A remote action waiting for an operator's confirmation.
    package var awaitingConfirmation: Bool
    package var confirmedBy: String?
    /// A copy was handed to the receiver's fallback.
    package var fallbackSent: Bool
    /// The receiver this one is a fallback copy for.
    package var fallbackOf: String?

    package init(id: Int64, idempotencyKey: String, receiver: String, intent: NotificationIntent, createdAt: Double,
                attempts: Int = 0, nextAttemptAt: Double, deliveredAt: Double? = nil, deadAt: Double? = nil,
                lastError: String? = nil, awaitingConfirmation: Bool = false, confirmedBy: String? = nil,
                fallbackSent: Bool = false, fallbackOf: String? = nil) {
        self.id = id
        self.idempotencyKey = idempotencyKey
        self.receiver = receiver
        self.intent = intent
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.deliveredAt = deliveredAt
        self.deadAt = deadAt
        self.lastError = lastError
        self.awaitingConfirmation = awaitingConfirmation
        self.confirmedBy = confirmedBy
        self.fallbackSent = fallbackSent
        self.fallbackOf = fallbackOf
    }

    /// Where the entry stands.
    package var status: String {
        if deliveredAt != nil { return "delivered" }
        if deadAt != nil { return "dead" }
        if awaitingConfirmation { return "awaiting_confirmation" }
        return attempts == 0 ? "pending" : "retrying"
    }
}

/// What became of one delivery attempt, to be written to the outbox.
package enum DeliveryRecord: Sendable, Hashable {
    /// Delivered; `captured` values (name → value) are kept as the alarm occurrence's ticket fields.
    case delivered(id: Int64, at: Double, captured: [String: String])
    /// Failed; tried again at `retryAt`.
    case failed(id: Int64, at: Double, error: String, retryAt: Double)
    /// Given up: a dead letter.
    case dead(id: Int64, at: Double, error: String)
    /// Waits for an operator's confirmation (remote actions).
    case awaitConfirmation(id: Int64, at: Double)
    /// Not attempted (the receiver's circuit is open): waits until `until`, attempts unchanged.
    case postpone(id: Int64, until: Double)
    /// An entry in the alarm's journal (the state stays): actions requested and sent, dead letters.
    case note(key: AlarmKey, occurrence: Int, cause: AlarmTransition.Cause, user: String?, comment: String?, at: Double)
    /// A copy of the entry for another receiver (the fallback); the original stays as it is.
    case fallback(id: Int64, receiver: String, at: Double)
}

/// What a delivery needs besides the entry: what a notification tells of its alarm as it is now
/// (its area and when it was raised; nil when the alarm is no longer stored) and the ticket
/// fields captured for its occurrence (receiver → name → value).
package struct DeliveryContext: Sendable, Hashable {
    package var area: String?
    package var raisedAt: Double?
    package var tickets: [String: [String: String]]

    package init(area: String? = nil, raisedAt: Double? = nil, tickets: [String: [String: String]] = [:]) {
        self.area = area
        self.raisedAt = raisedAt
        self.tickets = tickets
    }
}
