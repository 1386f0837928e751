/// Schema statements both stores run as they are (SQLite and PostgreSQL read them alike).
package enum StoreSchema {
    /// The undelivered, not dead notifications in id order: the due read walks it from the
    /// oldest and stops at its page size, however long the backlog.
    package static let outboxUndeliveredIndex =
        "CREATE INDEX outbox_undelivered ON outbox (id) WHERE delivered_at IS NULL AND dead_at IS NULL"
}
