/// What one round of the dispatcher did.
public struct DispatchReport: Sendable, Hashable {
    public var attempted = 0
    public var delivered = 0
    public var failed = 0
    public var dead = 0
    /// Held back by an open circuit.
    public var postponed = 0
    public var awaitingConfirmation = 0

    public init() {}
}
