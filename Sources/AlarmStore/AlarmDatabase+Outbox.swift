import AlarmEngine
import Foundation
import GRDB

/// The notification outbox: what is due, what became of each attempt, dead letters, tickets and
/// confirmations of remote actions.
extension AlarmDatabase {
    /// Notifications waiting for delivery (not delivered, not dead), oldest first.
    package func pendingNotifications(limit: Int = 100) throws(StoreError) -> [OutboxEntry] {
        try read("read outbox") { db in
            try Self.entries(db, where: "delivered_at IS NULL AND dead_at IS NULL", order: "next_attempt_at, id", limit: limit)
        }
    }

    /// Notifications to attempt now: due by `now`, not waiting for a confirmation, and not behind
    /// an earlier undelivered notification of the same alarm occurrence to the same receiver (so
    /// a ticket is created before it is updated, and a trigger goes before its resolve).
    package func dueNotifications(now: Double, limit: Int = 200) throws(StoreError) -> [OutboxEntry] {
        try read("read due notifications") { db in
            try Self.entries(db, where: Self.ready + " AND next_attempt_at <= ?", order: "id", limit: limit, arguments: [now])
        }
    }

    /// Undelivered, not dead, not waiting for a confirmation, and not behind an earlier such entry
    /// of the same alarm occurrence to the same receiver.
    static let ready = """
        delivered_at IS NULL AND dead_at IS NULL AND awaiting_confirmation = 0
        AND NOT EXISTS (SELECT 1 FROM outbox AS earlier
            WHERE earlier.receiver = outbox.receiver AND earlier.asset = outbox.asset AND earlier.rule = outbox.rule
              AND earlier.occurrence = outbox.occurrence AND earlier.id < outbox.id
              AND earlier.delivered_at IS NULL AND earlier.dead_at IS NULL AND earlier.awaiting_confirmation = 0)
        """

    /// When the next notification that can be attempted is due (nil when none waits); entries
    /// behind an earlier one of their alarm wait for it, not for their own time.
    package func nextNotificationDue() throws(StoreError) -> Double? {
        try read("read outbox") { db in
            try Double.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM outbox WHERE " + Self.ready)
        }
    }

    /// Dead letters: notifications given up, newest first.
    package func deadLetters(limit: Int = 100) throws(StoreError) -> [OutboxEntry] {
        try read("read dead letters") { db in
            try Self.entries(db, where: "dead_at IS NOT NULL", order: "dead_at DESC, id DESC", limit: limit)
        }
    }

    /// Outbox entries: all, or only the dead letters.
    package func count(deadOnly: Bool) throws(StoreError) -> Int {
        try read("count outbox") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox" + (deadOnly ? " WHERE dead_at IS NOT NULL" : "")) ?? 0
        }
    }

    /// Outbox entries still to deliver (pending, retrying or waiting for a confirmation).
    package func pendingNotificationCount() throws(StoreError) -> Int {
        try read("count outbox") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL") ?? 0
        }
    }

    /// Alarms per state and priority (every combination present, including normal).
    package func alarmCounts() throws(StoreError) -> [(state: String, priority: String, count: Int)] {
        try read("count alarms") { db in
            try Row.fetchAll(db, sql: "SELECT state, priority, COUNT(*) AS n FROM alarm GROUP BY state, priority")
                .map { ($0["state"], $0["priority"], $0["n"]) }
        }
    }

    /// Remote actions waiting for an operator's confirmation, oldest first.
    package func awaitingConfirmation() throws(StoreError) -> [OutboxEntry] {
        try read("read actions") { db in
            try Self.entries(db, where: "awaiting_confirmation = 1 AND delivered_at IS NULL AND dead_at IS NULL",
                             order: "id", limit: 1000)
        }
    }

    /// Every outbox entry of an alarm, oldest first.
    package func notifications(for key: AlarmKey, limit: Int = 1000) throws(StoreError) -> [OutboxEntry] {
        try read("read outbox") { db in
            try Self.entries(db, where: "asset = ? AND rule = ?", order: "id", limit: limit, arguments: [key.asset, key.rule])
        }
    }

    /// Writes the outcomes of a round of delivery attempts in one transaction.
    package func record(_ outcomes: [DeliveryRecord]) throws(StoreError) {
        guard !outcomes.isEmpty else { return }
        try write("record deliveries") { db in
            for outcome in outcomes {
                switch outcome {
                case .delivered(let id, let time, let captured):
                    try db.cachedStatement(sql: """
                        UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?
                        """).execute(arguments: [time, id])
                    guard !captured.isEmpty,
                          let row = try Row.fetchOne(db, sql: "SELECT asset, rule, occurrence, receiver FROM outbox WHERE id = ?",
                                                     arguments: [id]) else { continue }
                    for (name, value) in captured {
                        try db.execute(sql: """
                            INSERT INTO ticket (asset, rule, occurrence, receiver, name, value, captured_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT DO UPDATE SET value = excluded.value, captured_at = excluded.captured_at
                            """, arguments: [row["asset"], row["rule"], row["occurrence"], row["receiver"], name, value, time])
                    }
                case .failed(let id, _, let error, let retryAt):
                    try db.cachedStatement(sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?")
                        .execute(arguments: [error, retryAt, id])
                case .dead(let id, let time, let error):
                    try db.execute(sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ?, dead_at = ? WHERE id = ?",
                                   arguments: [error, time, id])
                case .note(let key, let occurrence, let cause, let user, let comment, let time):
                    try Self.journalAction(key, occurrence: occurrence, cause: cause, user: user, comment: comment, now: time, in: db)
                case .postpone(let id, let until):
                    try db.execute(sql: "UPDATE outbox SET next_attempt_at = MAX(next_attempt_at, ?) WHERE id = ?",
                                   arguments: [until, id])
                case .awaitConfirmation(let id, _):
                    try db.execute(sql: "UPDATE outbox SET awaiting_confirmation = 1 WHERE id = ?", arguments: [id])
                case .fallback(let id, let receiver, let time):
                    try db.execute(sql: "UPDATE outbox SET fallback_sent = 1 WHERE id = ?", arguments: [id])
                    // The fallback's key is the one a direct notification of it would have: it is
                    // never told the same thing twice.
                    try db.execute(sql: """
                        INSERT OR IGNORE INTO outbox (idempotency_key, receiver, kind, asset, rule, occurrence, payload,
                                                      created_at, next_attempt_at, fallback_of)
                        SELECT substr(idempotency_key, 1, length(idempotency_key) - length(receiver)) || ?, ?, kind, asset,
                               rule, occurrence, payload, ?, ?, receiver
                        FROM outbox WHERE id = ?
                        """, arguments: [receiver, receiver, time, time, id])
                }
            }
        }
    }

    /// Puts dead letters back in the queue (all of them when `ids` is nil); returns how many.
    @discardableResult
    package func redeliver(_ ids: [Int64]?, now: Double) throws(StoreError) -> Int {
        try write("redeliver") { db in
            if let ids {
                guard !ids.isEmpty else { return 0 }
                try db.execute(sql: """
                    UPDATE outbox SET dead_at = NULL, attempts = 0, next_attempt_at = ?
                    WHERE dead_at IS NOT NULL AND id IN (\(ids.map { _ in "?" }.joined(separator: ",")))
                    """, arguments: StatementArguments([now] + ids.map { $0 as any DatabaseValueConvertible }))
            } else {
                try db.execute(sql: "UPDATE outbox SET dead_at = NULL, attempts = 0, next_attempt_at = ? WHERE dead_at IS NOT NULL",
                               arguments: [now])
            }
            return db.changesCount
        }
    }

    /// One alarm's record, if it exists.
    package func alarm(_ key: AlarmKey) throws(StoreError) -> Alarm? {
        try read("read alarm") { db in
            guard let text = try String.fetchOne(db, sql: "SELECT record FROM alarm WHERE asset = ? AND rule = ?",
                                                 arguments: [key.asset, key.rule]) else { return nil }
            return try JSONDecoder().decode(Alarm.self, from: Data(text.utf8))
        }
    }

    /// The alarm record and the captured ticket fields of each entry's alarm occurrence, read in
    /// one transaction (keyed by entry id).
    package func deliveryContexts(for entries: [OutboxEntry]) throws(StoreError) -> [Int64: DeliveryContext] {
        guard !entries.isEmpty else { return [:] }
        return try read("read delivery contexts") { db in
            let decoder = JSONDecoder()
            var alarms: [AlarmKey: Alarm] = [:]
            for key in Set(entries.map(\.intent.key)) {
                if let text = try String.fetchOne(db, sql: "SELECT record FROM alarm WHERE asset = ? AND rule = ?",
                                                  arguments: [key.asset, key.rule]) {
                    alarms[key] = try decoder.decode(Alarm.self, from: Data(text.utf8))
                }
            }
            struct Occurrence: Hashable { var key: AlarmKey; var occurrence: Int }
            var tickets: [Occurrence: [String: [String: String]]] = [:]
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM ticket)") == true {
                for occurrence in Set(entries.map { Occurrence(key: $0.intent.key, occurrence: $0.intent.occurrence) }) {
                    var fields: [String: [String: String]] = [:]
                    for row in try Row.fetchAll(db, sql: """
                        SELECT receiver, name, value FROM ticket WHERE asset = ? AND rule = ? AND occurrence = ?
                        """, arguments: [occurrence.key.asset, occurrence.key.rule, occurrence.occurrence]) {
                        fields[row["receiver"], default: [:]][row["name"]] = row["value"]
                    }
                    tickets[occurrence] = fields
                }
            }
            var contexts: [Int64: DeliveryContext] = [:]
            for entry in entries {
                contexts[entry.id] = DeliveryContext(
                    alarm: alarms[entry.intent.key],
                    tickets: tickets[Occurrence(key: entry.intent.key, occurrence: entry.intent.occurrence)] ?? [:])
            }
            return contexts
        }
    }

    /// Ticket fields captured for an alarm occurrence: receiver → name → value.
    package func tickets(for key: AlarmKey, occurrence: Int) throws(StoreError) -> [String: [String: String]] {
        try read("read tickets") { db in
            var result: [String: [String: String]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT receiver, name, value FROM ticket WHERE asset = ? AND rule = ? AND occurrence = ?
                """, arguments: [key.asset, key.rule, occurrence]) {
                result[row["receiver"], default: [:]][row["name"]] = row["value"]
            }
            return result
        }
    }

    /// Records an event of a remote action in the alarm's journal (state unchanged).
    package func journalAction(_ key: AlarmKey, occurrence: Int, cause: AlarmTransition.Cause, user: String?,
                              comment: String?, now: Double) throws(StoreError) {
        try write("journal action") { db in try Self.journalAction(key, occurrence: occurrence, cause: cause, user: user,
                                                                    comment: comment, now: now, in: db) }
    }

    /// Confirms the remote actions waiting for an alarm (one receiver's, or all); journals the
    /// confirmation with the user. Returns the confirmed entries.
    package func confirmActions(_ key: AlarmKey, receiver: String?, user: String, comment: String?,
                               now: Double) throws(StoreError) -> [OutboxEntry] {
        try write("confirm action") { db in
            var condition = "asset = ? AND rule = ? AND awaiting_confirmation = 1 AND delivered_at IS NULL AND dead_at IS NULL"
            var arguments: [any DatabaseValueConvertible] = [key.asset, key.rule]
            if let receiver {
                condition += " AND receiver = ?"
                arguments.append(receiver)
            }
            let entries = try Self.entries(db, where: condition, order: "id", limit: 1000,
                                           arguments: StatementArguments(arguments))
            for entry in entries {
                try db.execute(sql: """
                    UPDATE outbox SET awaiting_confirmation = 0, confirmed_by = ?, confirmed_at = ?, next_attempt_at = ?
                    WHERE id = ?
                    """, arguments: [user, now, now, entry.id])
                try Self.journalAction(key, occurrence: entry.intent.occurrence, cause: .actionConfirmed, user: user,
                                       comment: comment ?? entry.receiver, now: now, in: db)
            }
            return entries
        }
    }

    static func journalAction(_ key: AlarmKey, occurrence: Int, cause: AlarmTransition.Cause, user: String?,
                              comment: String?, now: Double, in db: Database) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT state, priority, value FROM alarm WHERE asset = ? AND rule = ?",
                                         arguments: [key.asset, key.rule]) else { return }
        let state: String = row["state"]
        try db.execute(sql: """
            INSERT INTO journal (asset, rule, occurrence, time, from_state, to_state, cause, user, comment, priority, value)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [key.asset, key.rule, occurrence, now, state, state, cause.rawValue, user, comment,
                             row["priority"] as String, row["value"] as Double?])
    }

    static func entries(_ db: Database, where condition: String, order: String, limit: Int,
                        arguments: StatementArguments = []) throws -> [OutboxEntry] {
        let decoder = JSONDecoder()
        var all = arguments
        all += [limit]
        return try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE \(condition) ORDER BY \(order) LIMIT ?", arguments: all)
            .map { row in
                OutboxEntry(id: row["id"], idempotencyKey: row["idempotency_key"], receiver: row["receiver"],
                            intent: try decoder.decode(NotificationIntent.self, from: Data((row["payload"] as String).utf8)),
                            createdAt: row["created_at"], attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"],
                            deliveredAt: row["delivered_at"], deadAt: row["dead_at"], lastError: row["last_error"],
                            awaitingConfirmation: (row["awaiting_confirmation"] as Int) != 0, confirmedBy: row["confirmed_by"],
                            fallbackSent: (row["fallback_sent"] as Int) != 0, fallbackOf: row["fallback_of"])
            }
    }
}
