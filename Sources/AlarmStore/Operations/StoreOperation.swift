/// One unit of work on the store, written once for SQLite and PostgreSQL: statements run in one
/// transaction, optionally followed by statements that depend on what the first ones read, and
/// the result made from the rows they returned.
///
/// Each store executes operations (``AlarmDatabase/perform(_:)``, ``StateStore/perform(_:)``);
/// the operations themselves are pure.
package struct StoreOperation<Result>: Sendable {
    /// What is being done, for errors ("list alarms").
    package var name: String
    /// Reads only: a store may run it on a read-only snapshot.
    package var readOnly: Bool
    /// The first statements, for the store's dialect.
    package var statements: @Sendable (StoreDialect) -> [StoreStatement]
    /// Statements that depend on the rows of the first ones, run in the same transaction.
    package var followUp: (@Sendable (StoreDialect, [[StoreRow]]) throws -> [StoreStatement])?
    /// The result, from the rows of the first statements (one array per statement).
    package var result: @Sendable ([[StoreRow]]) throws -> Result

    package init(_ name: String, readOnly: Bool,
                 statements: @escaping @Sendable (StoreDialect) -> [StoreStatement],
                 followUp: (@Sendable (StoreDialect, [[StoreRow]]) throws -> [StoreStatement])? = nil,
                 result: @escaping @Sendable ([[StoreRow]]) throws -> Result) {
        self.name = name
        self.readOnly = readOnly
        self.statements = statements
        self.followUp = followUp
        self.result = result
    }
}

extension StoreOperation where Result == Void {
    /// Writes that return nothing.
    package static func write(_ name: String, _ statements: @escaping @Sendable (StoreDialect) -> [StoreStatement]) -> Self {
        Self(name, readOnly: false, statements: statements, result: { _ in })
    }
}

extension StoreOperation {
    /// One read statement whose rows make the result.
    package static func read(_ name: String, _ statement: @escaping @Sendable (StoreDialect) -> StoreStatement,
                             rows: @escaping @Sendable ([StoreRow]) throws -> Result) -> Self {
        Self(name, readOnly: true, statements: { [statement($0)] }, result: { try rows($0.first ?? []) })
    }
}

/// A list of `?` for an `IN (…)` clause of `count` arguments.
func placeholders(_ count: Int) -> String {
    Array(repeating: "?", count: count).joined(separator: ", ")
}
