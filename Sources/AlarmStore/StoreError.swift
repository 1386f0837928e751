/// A storage failure, with the database file and what was being done.
package struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it is, for the callers that act differently on them.
    package enum Kind: Sendable, Hashable {
        /// The database refused or could not run the operation (unreachable, constraint, I/O…).
        case failure
        /// The write was made under a shard lease that is no longer this instance's: another
        /// instance leads the shard now, and nothing of the write was kept.
        case leaseLost
    }

    package var path: String
    package var operation: String
    package var detail: String
    package var kind: Kind

    package init(path: String, operation: String, detail: String, kind: Kind = .failure) {
        self.path = path
        self.operation = operation
        self.detail = detail
        self.kind = kind
    }

    package var description: String { "\(path): \(operation): \(detail)" }
}
