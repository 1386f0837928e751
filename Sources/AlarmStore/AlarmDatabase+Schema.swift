import GRDB

extension AlarmDatabase {
    /// The schema, one migration per released change; applied in order at open.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: alarms, journal, escalation timers, outbox, feature history") { db in
            try db.create(table: "alarm") { t in
                t.column("asset", .text).notNull()
                t.column("rule", .text).notNull()
                t.column("occurrence", .integer).notNull()
                t.column("state", .text).notNull()
                t.column("priority", .text).notNull()
                t.column("priority_rank", .integer).notNull()
                t.column("area", .text).notNull()
                t.column("raised_at", .double).notNull()
                t.column("changed_at", .double).notNull()
                t.column("value", .double)
                t.column("record", .text).notNull()
                t.primaryKey(["asset", "rule"])
            }
            try db.create(index: "alarm_state", on: "alarm", columns: ["state", "priority_rank"])
            try db.create(table: "journal") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("asset", .text).notNull()
                t.column("rule", .text).notNull()
                t.column("occurrence", .integer).notNull()
                t.column("time", .double).notNull()
                t.column("from_state", .text).notNull()
                t.column("to_state", .text).notNull()
                t.column("cause", .text).notNull()
                t.column("user", .text)
                t.column("comment", .text)
                t.column("priority", .text).notNull()
                t.column("value", .double)
                t.foreignKey(["asset", "rule"], references: "alarm", columns: ["asset", "rule"], deferred: true)
            }
            try db.create(index: "journal_alarm", on: "journal", columns: ["asset", "rule", "id"])
            try db.create(index: "journal_time", on: "journal", columns: ["time"])
            try db.create(table: "escalation_timer") { t in
                t.column("asset", .text).notNull()
                t.column("rule", .text).notNull()
                t.column("occurrence", .integer).notNull()
                t.column("due", .double).notNull()
                t.column("policy", .text).notNull()
                t.column("policy_version", .text).notNull()
                t.column("next_level", .integer).notNull()
                t.primaryKey(["asset", "rule"])
                t.foreignKey(["asset", "rule"], references: "alarm", columns: ["asset", "rule"], onDelete: .cascade,
                             deferred: true)
            }
            try db.create(index: "escalation_timer_due", on: "escalation_timer", columns: ["due"])
            try db.create(table: "outbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("idempotency_key", .text).notNull().unique()
                t.column("receiver", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("asset", .text).notNull()
                t.column("rule", .text).notNull()
                t.column("occurrence", .integer).notNull()
                t.column("payload", .text).notNull()
                t.column("created_at", .double).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("next_attempt_at", .double).notNull()
                t.column("delivered_at", .double)
                t.column("dead_at", .double)
                t.column("last_error", .text)
            }
            try db.create(index: "outbox_pending", on: "outbox", columns: ["delivered_at", "dead_at", "next_attempt_at"])
            try db.create(table: "feature_history") { t in
                t.column("asset", .text).notNull()
                t.column("channel", .text).notNull()
                t.column("bucket", .double).notNull()
                t.column("count", .integer).notNull()
                t.column("mean", .double).notNull()
                t.column("minimum", .double).notNull()
                t.column("maximum", .double).notNull()
                t.column("last", .double).notNull()
                t.primaryKey(["asset", "channel", "bucket"])
            }
            try db.create(index: "feature_history_bucket", on: "feature_history", columns: ["bucket"])
        }
        migrator.registerMigration("v2: operator command queue, service heartbeat") { db in
            try db.create(table: "command") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("created_at", .double).notNull()
                t.column("payload", .text).notNull()
                t.column("status", .text).notNull().defaults(to: "pending")
                t.column("result", .text)
                t.column("done_at", .double)
            }
            try db.create(index: "command_pending", on: "command", columns: ["status", "id"])
            try db.create(table: "heartbeat") { t in
                t.column("id", .integer).primaryKey()
                t.column("pid", .integer).notNull()
                t.column("at", .double).notNull()
            }
        }
        migrator.registerMigration("v3: notification delivery (confirmations, fallbacks), tickets") { db in
            try db.alter(table: "outbox") { t in
                t.add(column: "awaiting_confirmation", .integer).notNull().defaults(to: 0)
                t.add(column: "confirmed_by", .text)
                t.add(column: "confirmed_at", .double)
                t.add(column: "fallback_sent", .integer).notNull().defaults(to: 0)
                t.add(column: "fallback_of", .text)
            }
            try db.create(index: "outbox_alarm", on: "outbox", columns: ["receiver", "asset", "rule", "occurrence", "id"])
            try db.create(table: "ticket") { t in
                t.column("asset", .text).notNull()
                t.column("rule", .text).notNull()
                t.column("occurrence", .integer).notNull()
                t.column("receiver", .text).notNull()
                t.column("name", .text).notNull()
                t.column("value", .text).notNull()
                t.column("captured_at", .double).notNull()
                t.primaryKey(["asset", "rule", "occurrence", "receiver", "name"])
            }
        }
        migrator.registerMigration("v4: prognosis state per asset") { db in
            try db.create(table: "prognosis_state") { t in
                t.column("asset", .text).primaryKey()
                t.column("model", .text).notNull()
                t.column("model_version", .integer).notNull()
                t.column("state", .blob).notNull()
                t.column("saved_at", .double).notNull()
            }
        }
        migrator.registerMigration("v5: shard of each alarm, notification and command") { db in
            for table in ["alarm", "outbox"] {
                try db.alter(table: table) { t in t.add(column: "shard", .text).notNull().defaults(to: "") }
            }
            try db.alter(table: "command") { t in t.add(column: "shard", .text) }
        }
        migrator.registerMigration("v6: the undelivered notifications in id order") { db in
            // The outbox is read in id order from its first undelivered entry: without this index
            // every round sorted the whole backlog, so a backlog (a receiver down for an hour)
            // drained slower the longer it was.
            try db.execute(sql: StoreSchema.outboxUndeliveredIndex)
        }
        return migrator
    }
}
