/// What one attempt to deliver a notification came to.
package enum DeliveryOutcome: Sendable, Hashable {
    /// The receiver took it; `captured` holds the response fields the receiver keeps (ticket ids).
    case delivered(captured: [String: String])
    /// Nothing to send for this kind (no template for it; an action not triggered by it).
    case skipped(String)
    /// A remote action that waits for an operator's confirmation.
    case needsConfirmation
    case failed(NotifierError)
}
