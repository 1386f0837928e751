import AlarmEngine
import AlarmStore

/// Everything a notification says, gathered for the formats and templates: the intent, the
/// alarm as it is now, and the ticket fields captured earlier for this receiver.
public struct NotificationDocument: Sendable, Hashable {
    /// Version of the generic webhook and MQTT notification payload.
    public static let version = 1

    public var idempotencyKey: String
    public var receiver: String
    public var intent: NotificationIntent
    public var area: String
    public var raisedAt: Double?
    /// This receiver's captured fields for the alarm occurrence.
    public var ticket: [String: String]
    /// The delivery attempt (1 for the first).
    public var attempt: Int

    public init(entry: OutboxEntry, alarm: Alarm?, ticket: [String: String]) {
        idempotencyKey = entry.idempotencyKey
        receiver = entry.receiver
        intent = entry.intent
        area = alarm?.area ?? "plant"
        raisedAt = alarm.map(\.raisedAt)
        self.ticket = ticket
        attempt = entry.attempts + 1
    }

    public var asset: String { intent.key.asset }
    public var rule: String { intent.key.rule }

    /// A one-line summary: `[high] pump-1 bearing-temp-high raised: <message>`.
    public var summary: String {
        "[\(intent.priority.name)] \(asset) \(rule) \(intent.kind.rawValue): \(intent.message)"
    }

    /// Whether the notification ends the alarm occurrence for the receiver (resolve, close).
    public var isResolution: Bool {
        switch intent.kind {
        case .cleared, .floodEnded: true
        case .raised, .escalated, .repeated, .reminder, .acknowledged, .flood, .reactivated: false
        }
    }

    /// Whether the alarm's condition was active when the notification was made (an
    /// acknowledgement after the clear is not: the work is over).
    public var isActive: Bool {
        switch intent.state {
        case .unacknowledged, .acknowledged: true
        case .normal, .returnedUnacknowledged, .latched, .shelved, .suppressed, .outOfService: false
        }
    }

    /// The values templates see (docs/notifications.md, "template").
    public var templateContext: [String: Any] {
        var context: [String: Any] = [
            "version": Self.version, "idempotency_key": idempotencyKey, "receiver": receiver,
            "kind": intent.kind.rawValue, "asset": asset, "rule": rule, "occurrence": intent.occurrence,
            "state": intent.state.rawValue, "priority": intent.priority.name, "priority_rank": intent.priority.rank,
            "message": intent.message, "area": area, "time": intent.time, "ts": Timestamp.iso8601(intent.time),
            "summary": summary, "ticket": ticket, "attempt": attempt,
            // Sections: {{#raised}}...{{/raised}} and so on.
            intent.kind.rawValue: true, "resolved": isResolution, "active": isActive,
        ]
        if let value = intent.value { context["value"] = value }
        if let level = intent.level { context["level"] = level }
        if let raisedAt {
            context["raised_at"] = raisedAt
            context["raised_ts"] = Timestamp.iso8601(raisedAt)
        }
        return context
    }
}
