/// What one round of the dispatcher did.
package struct DispatchReport: Sendable, Hashable {
    package var attempted = 0
    package var delivered = 0
    package var failed = 0
    package var dead = 0
    /// Held back by an open circuit.
    package var postponed = 0
    package var awaitingConfirmation = 0

    package init() {}
}
