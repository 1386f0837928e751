/// The durable state of pdm behind one interface: alarm records and their journal, escalation
/// timers, the notification outbox and tickets, the command queue, the feature history and the
/// prognosis state. SQLite (``AlarmDatabase``, the embedded default) and PostgreSQL (for several
/// instances sharing one plant) both execute the same ``StoreOperation``s, so they hold the same
/// data the same way.
package protocol StateStore: Sendable {
    /// The engine, for the statements that differ between the two.
    var dialect: StoreDialect { get }
    /// Where the data lives, for logs (a file path, or a database address without its password).
    var location: String { get }
    /// Runs one operation in one transaction; nothing of it is kept when it fails.
    func perform<Result>(_ operation: StoreOperation<Result>) async throws(StoreError) -> Result
    /// The shard whose leader uses this store, which restores and delivers that shard's alarms
    /// only; nil for a single instance, which has them all.
    var shard: String? { get }
}

extension StateStore {
    package var shard: String? { nil }
}
