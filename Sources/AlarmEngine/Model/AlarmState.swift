/// The state of an alarm as ISA-18.2 / IEC 62682 name it (OPC UA Part 9 describes the same model).
package enum AlarmState: String, Sendable, Hashable, Codable, CaseIterable {
    /// The condition is clear and nothing awaits the operator.
    case normal
    /// The condition is active and nobody has acknowledged it.
    case unacknowledged = "active_unacknowledged"
    /// The condition is active and acknowledged.
    case acknowledged = "active_acknowledged"
    /// The condition has cleared but the alarm was never acknowledged.
    case returnedUnacknowledged = "returned_unacknowledged"
    /// A latched alarm whose condition has cleared, acknowledged, waiting for a reset.
    case latched
    /// Taken off the operator's list by an operator, for one occurrence or until a time.
    case shelved
    /// Suppressed by design: the asset's state (stopped, maintenance) or an active sensor-health
    /// alarm it depends on makes it meaningless.
    case suppressed
    /// Taken out of service (for repair of the sensor, for example).
    case outOfService = "out_of_service"

    /// Whether the alarm is on the operator's active list.
    package var isAnnunciated: Bool {
        switch self {
        case .unacknowledged, .acknowledged, .returnedUnacknowledged, .latched: true
        case .normal, .shelved, .suppressed, .outOfService: false
        }
    }
}
