import AlarmEngine
import Foundation

/// The notification outbox: what is due, what became of each attempt, dead letters, tickets and
/// confirmations of remote actions.
extension StoreOperation where Result == [OutboxEntry] {
    /// Notifications waiting for delivery (not delivered, not dead), oldest first.
    package static func pendingNotifications(limit: Int = 100) -> Self {
        entries("read outbox", where: "delivered_at IS NULL AND dead_at IS NULL", order: "next_attempt_at, id", limit: limit)
    }

    /// Notifications to attempt now: due by `now`, not waiting for a confirmation, and not behind
    /// an earlier undelivered notification of the same alarm occurrence to the same receiver (so
    /// a ticket is created before it is updated, and a trigger goes before its resolve).
    /// - Parameters:
    ///   - shard: only the notifications of one shard's alarms (nil: all of them).
    ///   - after: only entries with a greater id (the next page, read while the previous one is
    ///     delivered).
    package static func dueNotifications(now: Double, shard: String? = nil, after: Int64? = nil, limit: Int = 200) -> Self {
        var condition = readyCondition + " AND next_attempt_at <= ?"
        var arguments: [StoreValue] = [.real(now)]
        if let shard {
            condition += " AND shard = ?"
            arguments.append(.text(shard))
        }
        if let after {
            condition += " AND id > ?"
            arguments.append(.integer(after))
        }
        // SQLite is told the index: without statistics it takes the one on the due time and sorts
        // every undelivered entry due; PostgreSQL's planner finds it by itself.
        return entries("read due notifications", where: condition, order: "id", limit: limit, arguments: arguments,
                       indexes: [.sqlite: "INDEXED BY outbox_undelivered "])
    }

    /// Dead letters: notifications given up, newest first.
    package static func deadLetters(limit: Int = 100) -> Self {
        entries("read dead letters", where: "dead_at IS NOT NULL", order: "dead_at DESC, id DESC", limit: limit)
    }

    /// Remote actions waiting for an operator's confirmation, oldest first.
    package static func awaitingConfirmation() -> Self {
        entries("read actions", where: "awaiting_confirmation = 1 AND delivered_at IS NULL AND dead_at IS NULL",
                order: "id", limit: 1000)
    }

    /// Every outbox entry of an alarm, oldest first.
    package static func notifications(for key: AlarmKey, limit: Int = 1000) -> Self {
        entries("read outbox", where: "asset = ? AND rule = ?", order: "id", limit: limit,
                arguments: [.text(key.asset), .text(key.rule)])
    }

    /// Confirms the remote actions waiting for an alarm (one receiver's, or all) and journals
    /// each confirmation with the user; the result is the confirmed entries.
    package static func confirmActions(_ key: AlarmKey, receiver: String?, user: String, comment: String?,
                                       now: Double) -> Self {
        var condition = "asset = ? AND rule = ? AND awaiting_confirmation = 1 AND delivered_at IS NULL AND dead_at IS NULL"
        var arguments: [StoreValue] = [.text(key.asset), .text(key.rule)]
        if let receiver {
            condition += " AND receiver = ?"
            arguments.append(.text(receiver))
        }
        let waiting = entries("confirm action", where: condition, order: "id", limit: 1000, arguments: arguments)
        return Self("confirm action", readOnly: false, statements: waiting.statements, followUp: { _, rows in
            try waiting.result(rows).flatMap { entry in [
                StoreStatement("""
                    UPDATE outbox SET awaiting_confirmation = 0, confirmed_by = ?, confirmed_at = ?, next_attempt_at = ?
                    WHERE id = ?
                    """, [.text(user), .real(now), .real(now), .integer(entry.id)]),
                StoreOperation<Void>.journalAction(key, occurrence: StoreValue(entry.intent.occurrence), cause: .actionConfirmed,
                                                   user: .text(user), comment: .text(comment ?? entry.receiver), now: now),
            ] }
        }, result: waiting.result)
    }

    /// Undelivered, not dead, not waiting for a confirmation, and not behind an earlier such entry
    /// of the same alarm occurrence to the same receiver.
    static let readyCondition = """
        delivered_at IS NULL AND dead_at IS NULL AND awaiting_confirmation = 0
        AND NOT EXISTS (SELECT 1 FROM outbox AS earlier
            WHERE earlier.receiver = outbox.receiver AND earlier.asset = outbox.asset AND earlier.rule = outbox.rule
              AND earlier.occurrence = outbox.occurrence AND earlier.id < outbox.id
              AND earlier.delivered_at IS NULL AND earlier.dead_at IS NULL AND earlier.awaiting_confirmation = 0)
        """

    /// - Parameter indexes: an index clause after the table name, per dialect.
    static func entries(_ name: String, where condition: String, order: String, limit: Int,
                        arguments: [StoreValue] = [], indexes: [StoreDialect: String] = [:]) -> Self {
        .read(name, { dialect in
            StoreStatement("SELECT * FROM outbox \(indexes[dialect] ?? "")WHERE \(condition) ORDER BY \(order) LIMIT ?",
                           arguments + [StoreValue(max(limit, 0))])
        }, rows: { rows in
            let decoder = JSONDecoder()
            return try rows.map { row in
                OutboxEntry(id: try row["id"], idempotencyKey: try row["idempotency_key"], receiver: try row["receiver"],
                            intent: try decoder.decode(NotificationIntent.self, from: Data((try row["payload"] as String).utf8)),
                            createdAt: try row["created_at"], attempts: try row["attempts"],
                            nextAttemptAt: try row["next_attempt_at"], deliveredAt: try row["delivered_at"],
                            deadAt: try row["dead_at"], lastError: try row["last_error"],
                            awaitingConfirmation: (try row["awaiting_confirmation"] as Int) != 0,
                            confirmedBy: try row["confirmed_by"], fallbackSent: (try row["fallback_sent"] as Int) != 0,
                            fallbackOf: try row["fallback_of"])
            }
        })
    }
}

extension StoreOperation where Result == Double? {
    /// When the next notification that can be attempted is due (nil when none waits); entries
    /// behind an earlier one of their alarm wait for it, not for their own time.
    /// - Parameter shard: only the notifications of one shard's alarms (nil: all of them).
    package static func nextNotificationDue(shard: String? = nil) -> Self {
        .read("read outbox", { _ in
            let condition = StoreOperation<[OutboxEntry]>.readyCondition
            guard let shard else { return StoreStatement("SELECT MIN(next_attempt_at) AS due FROM outbox WHERE " + condition) }
            return StoreStatement("SELECT MIN(next_attempt_at) AS due FROM outbox WHERE shard = ? AND " + condition, [.text(shard)])
        }, rows: { try $0.first?["due"] ?? nil })
    }
}

extension StoreOperation where Result == Int {
    /// Outbox entries: all, or only the dead letters.
    package static func outboxCount(deadOnly: Bool) -> Self {
        .read("count outbox", { _ in
            StoreStatement("SELECT COUNT(*) AS n FROM outbox" + (deadOnly ? " WHERE dead_at IS NOT NULL" : ""))
        }, rows: { try $0.first?["n"] ?? 0 })
    }

    /// Outbox entries still to deliver (pending, retrying or waiting for a confirmation).
    package static func pendingNotificationCount() -> Self {
        .read("count outbox", { _ in
            StoreStatement("SELECT COUNT(*) AS n FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL")
        }, rows: { try $0.first?["n"] ?? 0 })
    }

    /// Puts dead letters back in the queue (all of them when `ids` is nil); the result is how many.
    package static func redeliver(_ ids: [Int64]?, now: Double) -> Self {
        Self("redeliver", readOnly: false, statements: { _ in
            guard let ids else {
                return [StoreStatement("""
                    UPDATE outbox SET dead_at = NULL, attempts = 0, next_attempt_at = ? WHERE dead_at IS NOT NULL RETURNING id
                    """, [.real(now)])]
            }
            guard !ids.isEmpty else { return [] }
            return [StoreStatement("""
                UPDATE outbox SET dead_at = NULL, attempts = 0, next_attempt_at = ?
                WHERE dead_at IS NOT NULL AND id IN (\(placeholders(ids.count))) RETURNING id
                """, [.real(now)] + ids.map(StoreValue.integer), reusable: false)]
        }, result: { $0.first?.count ?? 0 })
    }
}

extension StoreOperation where Result == Void {
    /// Writes the outcomes of a round of delivery attempts in one transaction.
    package static func record(_ outcomes: [DeliveryRecord]) -> Self {
        .write("record deliveries") { _ in outcomes.flatMap(statements(recording:)) }
    }

    static func statements(recording outcome: DeliveryRecord) -> [StoreStatement] {
        switch outcome {
        case .delivered(let id, let time, let captured):
            return [StoreStatement("UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?",
                                   [.real(time), .integer(id)])]
                + captured.sorted { $0.key < $1.key }.map { name, value in
                    StoreStatement("""
                        INSERT INTO ticket (asset, rule, occurrence, receiver, name, value, captured_at)
                        SELECT asset, rule, occurrence, receiver, ?, ?, ? FROM outbox WHERE id = ?
                        ON CONFLICT (asset, rule, occurrence, receiver, name)
                        DO UPDATE SET value = excluded.value, captured_at = excluded.captured_at
                        """, [.text(name), .text(value), .real(time), .integer(id)])
                }
        case .failed(let id, _, let error, let retryAt):
            return [StoreStatement("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                                   [.text(error), .real(retryAt), .integer(id)])]
        case .dead(let id, let time, let error):
            return [StoreStatement("UPDATE outbox SET attempts = attempts + 1, last_error = ?, dead_at = ? WHERE id = ?",
                                   [.text(error), .real(time), .integer(id)])]
        case .note(let key, let occurrence, let cause, let user, let comment, let time):
            return [journalAction(key, occurrence: StoreValue(occurrence), cause: cause, user: StoreValue(user),
                                  comment: StoreValue(comment), now: time)]
        case .postpone(let id, let until):
            return [StoreStatement("""
                UPDATE outbox SET next_attempt_at = CASE WHEN next_attempt_at > ? THEN next_attempt_at ELSE ? END WHERE id = ?
                """, [.real(until), .real(until), .integer(id)])]
        case .awaitConfirmation(let id, _):
            return [StoreStatement("UPDATE outbox SET awaiting_confirmation = 1 WHERE id = ?", [.integer(id)])]
        case .fallback(let id, let receiver, let time):
            // The fallback's key is the one a direct notification of it would have: it is never
            // told the same thing twice.
            return [
                StoreStatement("UPDATE outbox SET fallback_sent = 1 WHERE id = ?", [.integer(id)]),
                StoreStatement("""
                    INSERT INTO outbox (idempotency_key, receiver, kind, asset, rule, occurrence, payload, created_at,
                                        next_attempt_at, fallback_of)
                    SELECT substr(idempotency_key, 1, length(idempotency_key) - length(receiver)) || ?, ?, kind, asset,
                           rule, occurrence, payload, ?, ?, receiver
                    FROM outbox WHERE id = ?
                    ON CONFLICT DO NOTHING
                    """, [.text(receiver), .text(receiver), .real(time), .real(time), .integer(id)]),
            ]
        }
    }
}

extension StoreOperation where Result == [Int64: DeliveryContext] {
    /// The alarm's area and raise time and the captured ticket fields of each entry's alarm
    /// occurrence, read in one transaction (keyed by entry id). The columns are read, not the
    /// alarm record: a page of deliveries needs two fields of each alarm, not the whole record.
    package static func deliveryContexts(for entries: [OutboxEntry]) -> Self {
        let keys = Array(Set(entries.map(\.intent.key))).sorted { ($0.asset, $0.rule) < ($1.asset, $1.rule) }
        let occurrences = Array(Set(entries.map { Occurrence(key: $0.intent.key, occurrence: $0.intent.occurrence) }))
        return Self("read delivery contexts", readOnly: true, statements: { _ in
            guard !entries.isEmpty else { return [] }
            // The keys are joined to the tables, so each is looked up by its primary key (a row-value
            // IN list makes SQLite read every alarm).
            return [
                StoreStatement("""
                    WITH wanted(asset, rule) AS (VALUES \(Array(repeating: "(?, ?)", count: keys.count).joined(separator: ", ")))
                    SELECT alarm.asset, alarm.rule, alarm.area, alarm.raised_at FROM wanted
                    JOIN alarm ON alarm.asset = wanted.asset AND alarm.rule = wanted.rule
                    """, keys.flatMap { [.text($0.asset), .text($0.rule)] }, reusable: false),
                StoreStatement("""
                    WITH wanted(asset, rule, occurrence) AS (VALUES \(Array(repeating: "(?, ?, ?)", count: occurrences.count).joined(separator: ", ")))
                    SELECT ticket.asset, ticket.rule, ticket.occurrence, ticket.receiver, ticket.name, ticket.value FROM wanted
                    JOIN ticket ON ticket.asset = wanted.asset AND ticket.rule = wanted.rule AND ticket.occurrence = wanted.occurrence
                    """, occurrences.flatMap { [.text($0.key.asset), .text($0.key.rule), StoreValue($0.occurrence)] },
                    reusable: false),
            ]
        }, result: { rows in
            guard rows.count == 2 else { return [:] }
            var alarms: [AlarmKey: (area: String, raisedAt: Double)] = [:]
            for row in rows[0] {
                alarms[AlarmKey(asset: try row["asset"], rule: try row["rule"])] = (try row["area"], try row["raised_at"])
            }
            var tickets: [Occurrence: [String: [String: String]]] = [:]
            for row in rows[1] {
                let occurrence = Occurrence(key: AlarmKey(asset: try row["asset"], rule: try row["rule"]),
                                            occurrence: try row["occurrence"])
                tickets[occurrence, default: [:]][try row["receiver"], default: [:]][try row["name"]] = try row["value"] as String
            }
            var contexts: [Int64: DeliveryContext] = [:]
            for entry in entries {
                let alarm = alarms[entry.intent.key]
                contexts[entry.id] = DeliveryContext(
                    area: alarm?.area, raisedAt: alarm?.raisedAt,
                    tickets: tickets[Occurrence(key: entry.intent.key, occurrence: entry.intent.occurrence)] ?? [:])
            }
            return contexts
        })
    }
}

/// One occurrence of an alarm.
struct Occurrence: Hashable, Sendable {
    var key: AlarmKey
    var occurrence: Int
}

extension StoreOperation where Result == [String: [String: String]] {
    /// Ticket fields captured for an alarm occurrence: receiver → name → value.
    package static func tickets(for key: AlarmKey, occurrence: Int) -> Self {
        .read("read tickets", { _ in
            StoreStatement("SELECT receiver, name, value FROM ticket WHERE asset = ? AND rule = ? AND occurrence = ?",
                           [.text(key.asset), .text(key.rule), StoreValue(occurrence)])
        }, rows: { rows in
            var result: [String: [String: String]] = [:]
            for row in rows { result[try row["receiver"], default: [:]][try row["name"]] = try row["value"] as String }
            return result
        })
    }
}
