import AlarmEngine

/// One notification for one receiver, waiting in the outbox or delivered.
public struct OutboxEntry: Sendable, Hashable {
    public var id: Int64
    /// The intent's key and the receiver: stable across retries and restarts.
    public var idempotencyKey: String
    public var receiver: String
    public var intent: NotificationIntent
    public var attempts: Int
    public var nextAttemptAt: Double
    public var deliveredAt: Double?
    public var deadAt: Double?
    public var lastError: String?
}
