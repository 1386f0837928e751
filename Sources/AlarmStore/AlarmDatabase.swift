import AlarmEngine
import Foundation
import GRDB

/// The alarm database: one SQLite file (WAL, foreign keys) holding alarm records, the transition
/// journal, escalation timers, the notification outbox and the feature history.
///
/// Every batch of engine actions is written in one transaction: a crash leaves the file as it was
/// before the batch or after it, never in between.
package final class AlarmDatabase: Sendable {
    package let path: String
    private let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and brings its schema up to date. A new
    /// file is readable by its owner only (0600), and so are its -wal and -shm files, which SQLite
    /// creates with the database's permissions.
    package init(path: String) throws(StoreError) {
        self.path = path
        let created = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if created >= 0 { close(created) }
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(10)
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw StoreError(path: path, operation: "open", detail: "\(error)")
        }
    }

    // MARK: - Writing

    /// Applies engine actions in one transaction.
    package func apply(_ actions: [AlarmAction]) throws(StoreError) {
        try write("apply alarm actions") { db in try Self.apply(actions, in: db) }
    }

    /// Applies several batches of engine actions in one transaction.
    package func apply(batches: [[AlarmAction]]) throws(StoreError) {
        try apply(batches: batches, completing: [], now: 0)
    }

    static func apply(_ actions: [AlarmAction], in db: Database) throws {
        // Several saves of one alarm in a batch: only the last one needs writing.
        var lastSave: [AlarmKey: Int] = [:]
        for (index, action) in actions.enumerated() {
            if case .save(let alarm) = action { lastSave[alarm.key] = index }
        }
        for (index, action) in actions.enumerated() {
            switch action {
            case .journal(let entry):
                try db.cachedStatement(sql: """
                    INSERT INTO journal (asset, rule, occurrence, time, from_state, to_state, cause, user, comment, priority, value)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [entry.key.asset, entry.key.rule, entry.occurrence, entry.time, entry.from.rawValue,
                                     entry.to.rawValue, entry.cause.rawValue, entry.user, entry.comment, entry.priority.name,
                                     entry.value])
            case .save(let alarm):
                guard lastSave[alarm.key] == index else { continue }
                try save(alarm, in: db)
            case .notify(let intent):
                let payload = intent.payloadJSON()
                for receiver in intent.receivers {
                    try db.cachedStatement(sql: """
                        INSERT OR IGNORE INTO outbox (idempotency_key, receiver, kind, asset, rule, occurrence, payload,
                                                      created_at, next_attempt_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """).execute(arguments: [intent.idempotencyKey + "/" + receiver, receiver, intent.kind.rawValue,
                                         intent.key.asset, intent.key.rule, intent.occurrence, payload, intent.time,
                                         intent.time])
                }
            }
        }
    }

    static func save(_ alarm: Alarm, in db: Database) throws {
        let record = alarm.recordJSON()
        try db.cachedStatement(sql: """
            INSERT INTO alarm (asset, rule, occurrence, state, priority, priority_rank, area, raised_at, changed_at, value, record)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(asset, rule) DO UPDATE SET occurrence = excluded.occurrence, state = excluded.state,
                priority = excluded.priority, priority_rank = excluded.priority_rank, area = excluded.area,
                raised_at = excluded.raised_at, changed_at = excluded.changed_at, value = excluded.value,
                record = excluded.record
            """).execute(arguments: [alarm.key.asset, alarm.key.rule, alarm.occurrence, alarm.state.rawValue, alarm.priority.name,
                             alarm.priority.rank, alarm.area, alarm.raisedAt, alarm.changedAt, alarm.value, record])
        if let escalation = alarm.escalation, let due = escalation.due {
            try db.cachedStatement(sql: """
                INSERT INTO escalation_timer (asset, rule, occurrence, due, policy, policy_version, next_level)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(asset, rule) DO UPDATE SET occurrence = excluded.occurrence, due = excluded.due,
                    policy = excluded.policy, policy_version = excluded.policy_version, next_level = excluded.next_level
                """).execute(arguments: [alarm.key.asset, alarm.key.rule, alarm.occurrence, due, escalation.policy.name,
                                 escalation.policyVersion, escalation.nextLevel])
        } else {
            try db.cachedStatement(sql: "DELETE FROM escalation_timer WHERE asset = ? AND rule = ?")
                .execute(arguments: [alarm.key.asset, alarm.key.rule])
        }
    }

    // MARK: - Reading

    /// Every alarm record, to restore the engine after a restart.
    package func loadAlarms() throws(StoreError) -> [Alarm] {
        try read("load alarms") { db in
            let decoder = JSONDecoder()
            return try String.fetchAll(db, sql: "SELECT record FROM alarm ORDER BY asset, rule").map { text in
                try decoder.decode(Alarm.self, from: Data(text.utf8))
            }
        }
    }

    /// Alarms matching a filter, most urgent first.
    package func alarms(_ filter: AlarmFilter = AlarmFilter()) throws(StoreError) -> [Alarm] {
        try read("list alarms") { db in
            var clauses: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if !filter.states.isEmpty {
                clauses.append("state IN (" + filter.states.map { _ in "?" }.joined(separator: ",") + ")")
                arguments += filter.states.map(\.rawValue)
            }
            if let rank = filter.minimumRank {
                clauses.append("priority_rank >= ?")
                arguments.append(rank)
            }
            if let asset = filter.asset {
                clauses.append("asset GLOB ?")
                arguments.append(asset)
            }
            let condition = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            let sql = "SELECT record FROM alarm \(condition) ORDER BY priority_rank DESC, changed_at DESC, asset, rule LIMIT ? OFFSET ?"
            arguments += [filter.limit, filter.offset]
            let decoder = JSONDecoder()
            return try String.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { text in
                try decoder.decode(Alarm.self, from: Data(text.utf8))
            }
        }
    }

    /// The journal of one alarm, oldest first.
    package func journal(for key: AlarmKey, limit: Int = 1000) throws(StoreError) -> [AlarmTransition] {
        try read("read journal") { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM (SELECT * FROM journal WHERE asset = ? AND rule = ? ORDER BY id DESC LIMIT ?) ORDER BY id
                """, arguments: [key.asset, key.rule, limit]).map(Self.transition)
        }
    }

    /// Every journal entry from `id` on (for KPIs and audits), oldest first.
    package func journal(after id: Int64 = 0, limit: Int = 100_000) throws(StoreError) -> [(id: Int64, entry: AlarmTransition)] {
        try read("read journal") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM journal WHERE id > ? ORDER BY id LIMIT ?", arguments: [id, limit])
                .map { (id: $0["id"], entry: try Self.transition($0)) }
        }
    }

    /// Escalation steps due by `time` (for operations views; the engine keeps its own copy).
    package func dueEscalations(by time: Double) throws(StoreError) -> [(key: AlarmKey, due: Double)] {
        try read("read escalation timers") { db in
            try Row.fetchAll(db, sql: "SELECT asset, rule, due FROM escalation_timer WHERE due <= ? ORDER BY due",
                             arguments: [time]).map { (AlarmKey(asset: $0["asset"], rule: $0["rule"]), $0["due"]) }
        }
    }

    /// SQLite's own consistency check: "ok" when the file is sound.
    package func integrityCheck() throws(StoreError) -> String {
        try read("integrity check") { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    /// Rows of a table (for tests and operations).
    package func count(_ table: String) throws(StoreError) -> Int {
        try read("count \(table)") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0 }
    }

    // MARK: - Plumbing

    static func transition(_ row: Row) throws -> AlarmTransition {
        let from: String = row["from_state"], to: String = row["to_state"], cause: String = row["cause"]
        guard let fromState = AlarmState(rawValue: from), let toState = AlarmState(rawValue: to),
              let why = AlarmTransition.Cause(rawValue: cause) else {
            throw DatabaseError(message: "unknown state or cause in journal row \(row["id"] as Int64? ?? 0)")
        }
        let priorityName: String = row["priority"]
        let priority = Priority.standard.first { $0.name == priorityName } ?? Priority(name: priorityName, rank: 0)
        return AlarmTransition(key: AlarmKey(asset: row["asset"], rule: row["rule"]), occurrence: row["occurrence"],
                               time: row["time"], from: fromState, to: toState, cause: why, user: row["user"],
                               comment: row["comment"], priority: priority, value: row["value"])
    }

    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw StoreError(path: path, operation: operation, detail: "\(error)")
        }
    }

    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StoreError(path: path, operation: operation, detail: "\(error)")
        }
    }
}
