import AlarmEngine

/// pdm's own notification (version 1): the body of webhooks with `format: generic`, the payload of
/// `mqtt` receivers, and the values templates see. Its JSON Schema is
/// `Schemas/notification.schema.json`.
package struct NotificationPayload: Codable, Sendable, Hashable {
    /// Version of the notification payload.
    package static let currentVersion = 1

    package var version: Int
    package var idempotency_key: String
    package var receiver: String
    package var kind: String
    package var asset: String
    package var rule: String
    package var occurrence: Int
    package var state: String
    package var priority: String
    package var priority_rank: Int
    package var value: Double?
    package var message: String
    package var area: String
    package var level: Int?
    package var time: Double
    package var ts: String
    package var raised_at: Double?
    package var ticket: [String: String]

    /// - Parameters:
    ///   - area: the alarm's area.
    ///   - raisedAt: when the alarm occurrence was raised, when known.
    ///   - ticket: the receiver's captured fields for the alarm occurrence.
    package init(intent: NotificationIntent, idempotencyKey: String, receiver: String, area: String, raisedAt: Double?,
                ticket: [String: String]) {
        version = Self.currentVersion
        idempotency_key = idempotencyKey
        self.receiver = receiver
        kind = intent.kind.rawValue
        asset = intent.key.asset
        rule = intent.key.rule
        occurrence = intent.occurrence
        state = intent.state.rawValue
        priority = intent.priority.name
        priority_rank = intent.priority.rank
        value = intent.value
        message = intent.message
        self.area = area
        level = intent.level
        time = intent.time
        ts = Timestamp.iso8601(intent.time)
        raised_at = raisedAt
        self.ticket = ticket
    }
}
