/// Where an operator command stands, in the command queue, in the service's answers (HTTP, MQTT)
/// and in its metrics: one spelling everywhere.
package enum CommandStatus: String, Sendable, Hashable, CaseIterable {
    /// Queued, not yet taken by the service.
    case pending
    /// Applied by the engine; its consequences are committed.
    case applied
    /// Taken, and refused by the engine (not applicable in the alarm's state, unknown alarm, …).
    case refused
    /// Not queued: the store failed (an MQTT command is then delivered again).
    case failed
    /// Refused before the engine: malformed, unknown action.
    case invalid
    /// Refused before the engine: no valid token where one is required.
    case unauthorized
    /// Refused before the engine: the token's role does not allow it.
    case forbidden

    /// The status stored in the queue's `status` column; `done` is how earlier versions wrote
    /// `applied`.
    package init?(stored text: String) {
        if text == "done" { self = .applied } else { self.init(rawValue: text) }
    }
}
