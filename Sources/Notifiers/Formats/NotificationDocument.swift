import AlarmEngine
import AlarmStore
import Payloads

/// Everything a notification says, gathered for the formats and templates: the intent, the
/// alarm as it is now, and the ticket fields captured earlier for this receiver.
package struct NotificationDocument: Sendable, Hashable {
    package var idempotencyKey: String
    package var receiver: String
    package var intent: NotificationIntent
    package var area: String
    package var raisedAt: Double?
    /// This receiver's captured fields for the alarm occurrence.
    package var ticket: [String: String]
    /// The delivery attempt (1 for the first).
    package var attempt: Int

    /// - Parameters:
    ///   - area: the alarm's area (nil when the alarm is no longer stored: "plant").
    ///   - raisedAt: when the alarm's occurrence was raised.
    ///   - ticket: this receiver's captured fields.
    package init(entry: OutboxEntry, area: String?, raisedAt: Double?, ticket: [String: String]) {
        idempotencyKey = entry.idempotencyKey
        receiver = entry.receiver
        intent = entry.intent
        self.area = area ?? "plant"
        self.raisedAt = raisedAt
        self.ticket = ticket
        attempt = entry.attempts + 1
    }

    package var asset: String { intent.key.asset }
    package var rule: String { intent.key.rule }

    /// A one-line summary: `[high] pump-1 bearing-temp-high raised: <message>`.
    package var summary: String {
        "[\(intent.priority.name)] \(asset) \(rule) \(intent.kind.rawValue): \(intent.message)"
    }

    /// Whether the notification ends the alarm occurrence for the receiver (resolve, close).
    package var isResolution: Bool {
        switch intent.kind {
        case .cleared, .floodEnded: true
        case .raised, .escalated, .repeated, .reminder, .acknowledged, .flood, .reactivated: false
        }
    }

    /// Whether the alarm's condition was active when the notification was made (an
    /// acknowledgement after the clear is not: the work is over).
    package var isActive: Bool {
        switch intent.state {
        case .unacknowledged, .acknowledged: true
        case .normal, .returnedUnacknowledged, .latched, .shelved, .suppressed, .outOfService: false
        }
    }

    /// The generic payload (webhooks with `format: generic`, MQTT receivers).
    package var payload: NotificationPayload {
        NotificationPayload(intent: intent, idempotencyKey: idempotencyKey, receiver: receiver, area: area, raisedAt: raisedAt,
                            ticket: ticket)
    }

    /// The values templates see (docs/notifications.md, "template"): the generic payload's, and
    /// `summary`, `attempt`, `raised_ts` and the sections (`{{#raised}}…{{/raised}}`, `resolved`,
    /// `active`).
    package var templateContext: [String: Any] {
        // The payload's fields by name, absent ones left out, with their Swift values.
        var context: [String: Any] = [:]
        for case (let name?, let value) in Mirror(reflecting: payload).children {
            let unwrapped = Mirror(reflecting: value)
            if unwrapped.displayStyle == .optional {
                guard let some = unwrapped.children.first else { continue }
                context[name] = some.value
            } else {
                context[name] = value
            }
        }
        context["summary"] = summary
        context["attempt"] = attempt
        context[intent.kind.rawValue] = true
        context["resolved"] = isResolution
        context["active"] = isActive
        if let raisedAt { context["raised_ts"] = Timestamp.iso8601(raisedAt) }
        return context
    }
}
