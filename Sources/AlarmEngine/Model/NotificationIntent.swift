/// A notification the engine wants delivered: what happened to which alarm, to whom, under a key
/// that stays the same however often delivery is attempted (receivers drop duplicates by it).
package struct NotificationIntent: Sendable, Hashable, Codable {
    package enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case raised, escalated, repeated, reminder, acknowledged, cleared, flood
        /// Active again after a clear, before anyone acknowledged it: the same occurrence goes on.
        case reactivated
        case floodEnded = "flood_ended"
    }

    package var idempotencyKey: String
    package var kind: Kind
    package var key: AlarmKey
    package var occurrence: Int
    package var receivers: [String]
    package var time: Double
    package var priority: Priority
    package var state: AlarmState
    package var value: Double?
    package var message: String
    /// Escalation level (0 first), for raised / escalated / repeated.
    package var level: Int?

    package init(kind: Kind, key: AlarmKey, occurrence: Int, step: String, receivers: [String], time: Double,
                priority: Priority, state: AlarmState, value: Double?, message: String, level: Int? = nil) {
        idempotencyKey = "\(key.asset)/\(key.rule)/\(occurrence)/\(step)"
        self.kind = kind
        self.key = key
        self.occurrence = occurrence
        self.receivers = receivers
        self.time = time
        self.priority = priority
        self.state = state
        self.value = value
        self.message = message
        self.level = level
    }
}
