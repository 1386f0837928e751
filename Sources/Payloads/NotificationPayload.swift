import AlarmEngine

/// pdm's own notification (version 1): the body of webhooks with `format: generic`, the payload of
/// `mqtt` receivers, and the values templates see. Its JSON Schema is
/// `Schemas/notification.schema.json`.
public struct NotificationPayload: Codable, Sendable, Hashable {
    /// Version of the notification payload.
    public static let currentVersion = 1

    public var version: Int
    public var idempotency_key: String
    public var receiver: String
    public var kind: String
    public var asset: String
    public var rule: String
    public var occurrence: Int
    public var state: String
    public var priority: String
    public var priority_rank: Int
    public var value: Double?
    public var message: String
    public var area: String
    public var level: Int?
    public var time: Double
    public var ts: String
    public var raised_at: Double?
    public var ticket: [String: String]

    /// - Parameters:
    ///   - area: the alarm's area.
    ///   - raisedAt: when the alarm occurrence was raised, when known.
    ///   - ticket: the receiver's captured fields for the alarm occurrence.
    public init(intent: NotificationIntent, idempotencyKey: String, receiver: String, area: String, raisedAt: Double?,
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
