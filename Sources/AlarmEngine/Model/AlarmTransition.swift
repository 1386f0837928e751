/// One entry of the alarm journal: what changed, when, why and by whom.
package struct AlarmTransition: Sendable, Hashable, Codable {
    /// Why an entry was written.
    package enum Cause: String, Sendable, Hashable, Codable {
        case conditionActive = "condition_active"
        case conditionCleared = "condition_cleared"
        case priorityChanged = "priority_changed"
        case acknowledged
        case reset
        case shelved
        case unshelved
        case shelfExpired = "shelf_expired"
        case chattering
        case suppressedByState = "suppressed_by_state"
        case unsuppressedByState = "unsuppressed_by_state"
        case inhibited
        case released
        case outOfService = "out_of_service"
        case returnedToService = "returned_to_service"
        case heldByFlood = "held_by_flood"
        case floodEnded = "flood_ended"
        case comment
        case escalated
        /// A remote action waits for an operator's confirmation.
        case actionRequested = "action_requested"
        /// An operator confirmed a remote action.
        case actionConfirmed = "action_confirmed"
        /// A remote action's command was published.
        case actionSent = "action_sent"
        /// A notification could not be delivered and was given up.
        case notificationDead = "notification_dead"
    }

    package var key: AlarmKey
    package var occurrence: Int
    package var time: Double
    package var from: AlarmState
    package var to: AlarmState
    package var cause: Cause
    package var user: String?
    package var comment: String?
    package var priority: Priority
    package var value: Double?

    package init(key: AlarmKey, occurrence: Int, time: Double, from: AlarmState, to: AlarmState, cause: Cause,
                user: String? = nil, comment: String? = nil, priority: Priority, value: Double? = nil) {
        self.key = key
        self.occurrence = occurrence
        self.time = time
        self.from = from
        self.to = to
        self.cause = cause
        self.user = user
        self.comment = comment
        self.priority = priority
        self.value = value
    }
}
