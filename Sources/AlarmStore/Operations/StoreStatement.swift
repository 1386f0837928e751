/// One SQL statement with its arguments, written once for both stores: `?` marks each argument
/// (PostgreSQL's store numbers them), and the SQL is of the subset both engines share.
package struct StoreStatement: Sendable, Hashable {
    package var sql: String
    package var arguments: [StoreValue]
    /// The SQL is fixed text (worth keeping prepared); false for text that varies with the call,
    /// such as an `IN (…)` list of as many arguments as the call has.
    package var reusable: Bool

    package init(_ sql: String, _ arguments: [StoreValue] = [], reusable: Bool = true) {
        self.sql = sql
        self.arguments = arguments
        self.reusable = reusable
    }
}
