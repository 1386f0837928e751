/// How an alarm was shelved.
package struct Shelf: Sendable, Hashable, Codable {
    package enum Kind: String, Sendable, Hashable, Codable {
        /// Until the condition next clears.
        case oneShot = "one_shot"
        /// Until `until`.
        case timed
    }

    package var kind: Kind
    /// When a shelf ends at the latest (timed shelves, and the maximum shelve time of one-shot ones).
    package var until: Double
    package var user: String
    package var reason: String

    package init(kind: Kind, until: Double, user: String, reason: String) {
        self.kind = kind
        self.until = until
        self.user = user
        self.reason = reason
    }
}
