/// One alarm (a rule on an asset) with its lifecycle state. There is one per key; a new
/// occurrence of the condition after the alarm returned to normal reuses it with the next
/// occurrence number.
package struct Alarm: Sendable, Hashable, Codable {
    package var key: AlarmKey
    /// Counts the times the alarm was raised from normal; with `key`, it names one occurrence.
    package var occurrence: Int
    package var priority: Priority
    package var conditionActive: Bool
    package var acknowledged: Bool
    /// A latched alarm whose condition cleared, waiting for a reset.
    package var awaitingReset: Bool
    package var shelf: Shelf?
    /// Why the alarm is suppressed by design: an asset state, or the sensor-health alarm that inhibits it.
    package var suppressedBy: String?
    /// Who took the alarm out of service; nil while in service.
    package var outOfServiceBy: String?
    /// Held back by an alarm flood in its area: on the list, but not notified until the flood ends.
    package var held: Bool
    package var raisedAt: Double
    package var changedAt: Double
    package var value: Double?
    package var message: String
    package var area: String
    package var escalation: Escalation?
    /// When a reminder of this acknowledged, still active alarm is due.
    package var reminderDue: Double?
    /// Times of the latest condition transitions, for chattering detection.
    package var recentTransitions: [Double]

    package init(key: AlarmKey, priority: Priority, area: String, message: String, now: Double) {
        self.key = key
        occurrence = 0
        self.priority = priority
        conditionActive = false
        acknowledged = true
        awaitingReset = false
        held = false
        raisedAt = now
        changedAt = now
        self.message = message
        self.area = area
        recentTransitions = []
    }

    /// The ISA-18.2 state.
    package var state: AlarmState {
        if outOfServiceBy != nil { return .outOfService }
        if suppressedBy != nil { return .suppressed }
        if shelf != nil { return .shelved }
        if conditionActive { return acknowledged ? .acknowledged : .unacknowledged }
        if !acknowledged { return .returnedUnacknowledged }
        return awaitingReset ? .latched : .normal
    }
}
