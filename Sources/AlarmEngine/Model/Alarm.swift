/// One alarm (a rule on an asset) with its lifecycle state. There is one per key; a new
/// occurrence of the condition after the alarm returned to normal reuses it with the next
/// occurrence number.
public struct Alarm: Sendable, Hashable, Codable {
    public var key: AlarmKey
    /// Counts the times the alarm was raised from normal; with `key`, it names one occurrence.
    public var occurrence: Int
    public var priority: Priority
    public var conditionActive: Bool
    public var acknowledged: Bool
    /// A latched alarm whose condition cleared, waiting for a reset.
    public var awaitingReset: Bool
    public var shelf: Shelf?
    /// Why the alarm is suppressed by design: an asset state, or the sensor-health alarm that inhibits it.
    public var suppressedBy: String?
    /// Who took the alarm out of service; nil while in service.
    public var outOfServiceBy: String?
    /// Held back by an alarm flood in its area: on the list, but not notified until the flood ends.
    public var held: Bool
    public var raisedAt: Double
    public var changedAt: Double
    public var value: Double?
    public var message: String
    public var area: String
    public var escalation: Escalation?
    /// When a reminder of this acknowledged, still active alarm is due.
    public var reminderDue: Double?
    /// Times of the latest condition transitions, for chattering detection.
    public var recentTransitions: [Double]

    public init(key: AlarmKey, priority: Priority, area: String, message: String, now: Double) {
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
    public var state: AlarmState {
        if outOfServiceBy != nil { return .outOfService }
        if suppressedBy != nil { return .suppressed }
        if shelf != nil { return .shelved }
        if conditionActive { return acknowledged ? .acknowledged : .unacknowledged }
        if !acknowledged { return .returnedUnacknowledged }
        return awaitingReset ? .latched : .normal
    }
}
