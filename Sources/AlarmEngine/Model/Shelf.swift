/// How an alarm was shelved.
public struct Shelf: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Until the condition next clears.
        case oneShot = "one_shot"
        /// Until `until`.
        case timed
    }

    public var kind: Kind
    /// When a shelf ends at the latest (timed shelves, and the maximum shelve time of one-shot ones).
    public var until: Double
    public var user: String
    public var reason: String

    public init(kind: Kind, until: Double, user: String, reason: String) {
        self.kind = kind
        self.until = until
        self.user = user
        self.reason = reason
    }
}
