import AlarmEngine
import Foundation

/// Alarm records, the transition journal and escalation timers.
extension StoreOperation where Result == Void {
    /// Applies batches of engine actions and records the outcome of the operator commands they
    /// carry out, in one transaction.
    package static func apply(batches: [[AlarmAction]], completing commands: [(id: Int64, result: String)] = [],
                              now: Double = 0) -> Self {
        let completions = commands.map { StoreStatement("UPDATE command SET status = ?, result = ?, done_at = ? WHERE id = ?",
                                                        [.text(CommandStatus.applied.rawValue), .text($0.result), .real(now),
                                                         .integer($0.id)]) }
        return .write("apply alarm actions") { _ in batches.flatMap(Self.statements(applying:)) + completions }
    }

    /// The statements of one batch of engine actions, in order.
    static func statements(applying actions: [AlarmAction]) -> [StoreStatement] {
        // Several saves of one alarm in a batch: only the last one needs writing.
        var lastSave: [AlarmKey: Int] = [:]
        for (index, action) in actions.enumerated() {
            if case .save(let alarm) = action { lastSave[alarm.key] = index }
        }
        var statements: [StoreStatement] = []
        for (index, action) in actions.enumerated() {
            switch action {
            case .journal(let entry):
                statements.append(StoreStatement("""
                    INSERT INTO journal (asset, rule, occurrence, time, from_state, to_state, cause, "user", comment, priority, value)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.text(entry.key.asset), .text(entry.key.rule), StoreValue(entry.occurrence), .real(entry.time),
                          .text(entry.from.rawValue), .text(entry.to.rawValue), .text(entry.cause.rawValue),
                          StoreValue(entry.user), StoreValue(entry.comment), .text(entry.priority.name), StoreValue(entry.value)]))
            case .save(let alarm):
                guard lastSave[alarm.key] == index else { continue }
                statements += save(alarm)
            case .notify(let intent):
                let payload = intent.payloadJSON()
                for receiver in intent.receivers {
                    statements.append(StoreStatement("""
                        INSERT INTO outbox (idempotency_key, receiver, kind, asset, rule, occurrence, payload, created_at,
                                            next_attempt_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                        """, [.text(intent.idempotencyKey + "/" + receiver), .text(receiver), .text(intent.kind.rawValue),
                              .text(intent.key.asset), .text(intent.key.rule), StoreValue(intent.occurrence), .text(payload),
                              .real(intent.time), .real(intent.time)]))
                }
            }
        }
        return statements
    }

    static func save(_ alarm: Alarm) -> [StoreStatement] {
        let key: [StoreValue] = [.text(alarm.key.asset), .text(alarm.key.rule)]
        let record = StoreStatement("""
            INSERT INTO alarm (asset, rule, occurrence, state, priority, priority_rank, area, raised_at, changed_at, value, record)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (asset, rule) DO UPDATE SET occurrence = excluded.occurrence, state = excluded.state,
                priority = excluded.priority, priority_rank = excluded.priority_rank, area = excluded.area,
                raised_at = excluded.raised_at, changed_at = excluded.changed_at, value = excluded.value,
                record = excluded.record, shard = excluded.shard
            """, key + [StoreValue(alarm.occurrence), .text(alarm.state.rawValue), .text(alarm.priority.name),
                        StoreValue(alarm.priority.rank), .text(alarm.area), .real(alarm.raisedAt), .real(alarm.changedAt),
                        StoreValue(alarm.value), .text(alarm.recordJSON())])
        guard let escalation = alarm.escalation, let due = escalation.due else {
            return [record, StoreStatement("DELETE FROM escalation_timer WHERE asset = ? AND rule = ?", key)]
        }
        return [record, StoreStatement("""
            INSERT INTO escalation_timer (asset, rule, occurrence, due, policy, policy_version, next_level)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (asset, rule) DO UPDATE SET occurrence = excluded.occurrence, due = excluded.due,
                policy = excluded.policy, policy_version = excluded.policy_version, next_level = excluded.next_level
            """, key + [StoreValue(alarm.occurrence), .real(due), .text(escalation.policy.name),
                        .text(escalation.policyVersion), StoreValue(escalation.nextLevel)])]
    }

    /// An event of a remote action in the alarm's journal, the alarm's state unchanged (nothing
    /// when the alarm does not exist).
    package static func journalAction(_ key: AlarmKey, occurrence: Int, cause: AlarmTransition.Cause, user: String?,
                                      comment: String?, now: Double) -> Self {
        .write("journal action") { _ in
            [journalAction(key, occurrence: StoreValue(occurrence), cause: cause, user: StoreValue(user),
                           comment: StoreValue(comment), now: now)]
        }
    }

    static func journalAction(_ key: AlarmKey, occurrence: StoreValue, cause: AlarmTransition.Cause, user: StoreValue,
                              comment: StoreValue, now: Double) -> StoreStatement {
        StoreStatement("""
            INSERT INTO journal (asset, rule, occurrence, time, from_state, to_state, cause, "user", comment, priority, value)
            SELECT asset, rule, ?, ?, state, state, ?, ?, ?, priority, value FROM alarm WHERE asset = ? AND rule = ?
            """, [occurrence, .real(now), .text(cause.rawValue), user, comment, .text(key.asset), .text(key.rule)])
    }
}

extension StoreOperation where Result == [Alarm] {
    /// The alarm records to restore the engine after a restart: every one, or those of one shard.
    package static func loadAlarms(shard: String? = nil) -> Self {
        .read("load alarms", { _ in
            guard let shard else { return StoreStatement("SELECT record FROM alarm ORDER BY asset, rule") }
            return StoreStatement("SELECT record FROM alarm WHERE shard = ? ORDER BY asset, rule", [.text(shard)])
        }, rows: alarms)
    }

    /// Alarms matching a filter, most urgent first.
    package static func alarms(_ filter: AlarmFilter = AlarmFilter()) -> Self {
        .read("list alarms", { dialect in
            var clauses: [String] = []
            var arguments: [StoreValue] = []
            if !filter.states.isEmpty {
                clauses.append("state IN (\(placeholders(filter.states.count)))")
                arguments += filter.states.map { .text($0.rawValue) }
            }
            if let rank = filter.minimumRank {
                clauses.append("priority_rank >= ?")
                arguments.append(StoreValue(rank))
            }
            if let asset = filter.asset {
                let match = dialect.matching("asset", pattern: asset)
                clauses.append(match.sql)
                arguments.append(match.argument)
            }
            let condition = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            return StoreStatement("""
                SELECT record FROM alarm \(condition) ORDER BY priority_rank DESC, changed_at DESC, asset, rule LIMIT ? OFFSET ?
                """, arguments + [StoreValue(max(filter.limit, 0)), StoreValue(max(filter.offset, 0))],
                reusable: filter.states.isEmpty)
        }, rows: alarms)
    }

    static func alarms(_ rows: [StoreRow]) throws -> [Alarm] {
        let decoder = JSONDecoder()
        return try rows.map { row in try decoder.decode(Alarm.self, from: Data((try row["record"] as String).utf8)) }
    }
}

extension StoreOperation where Result == Alarm? {
    /// One alarm's record, if it exists.
    package static func alarm(_ key: AlarmKey) -> Self {
        .read("read alarm", { _ in
            StoreStatement("SELECT record FROM alarm WHERE asset = ? AND rule = ?", [.text(key.asset), .text(key.rule)])
        }, rows: { try StoreOperation<[Alarm]>.alarms($0).first })
    }
}

extension StoreOperation where Result == [AlarmTransition] {
    /// The journal of one alarm, oldest first: its last `limit` entries.
    package static func journal(for key: AlarmKey, limit: Int = 1000) -> Self {
        .read("read journal", { _ in
            StoreStatement("""
                SELECT * FROM (SELECT * FROM journal WHERE asset = ? AND rule = ? ORDER BY id DESC LIMIT ?) AS recent ORDER BY id
                """, [.text(key.asset), .text(key.rule), StoreValue(max(limit, 0))])
        }, rows: { try $0.map(transition) })
    }

    /// Journal entries with a time in `start...end`, oldest first.
    package static func journal(from start: Double, to end: Double) -> Self {
        .read("read journal", { _ in
            StoreStatement("SELECT * FROM journal WHERE time >= ? AND time <= ? ORDER BY id", [.real(start), .real(end)])
        }, rows: { try $0.map(transition) })
    }

    static func transition(_ row: StoreRow) throws -> AlarmTransition {
        let from: String = try row["from_state"], to: String = try row["to_state"], cause: String = try row["cause"]
        guard let fromState = AlarmState(rawValue: from), let toState = AlarmState(rawValue: to),
              let why = AlarmTransition.Cause(rawValue: cause) else {
            throw StoreRowError(column: "from_state, to_state, cause", found: .text("\(from), \(to), \(cause)"))
        }
        let priorityName: String = try row["priority"]
        let priority = Priority.standard.first { $0.name == priorityName } ?? Priority(name: priorityName, rank: 0)
        return AlarmTransition(key: AlarmKey(asset: try row["asset"], rule: try row["rule"]), occurrence: try row["occurrence"],
                               time: try row["time"], from: fromState, to: toState, cause: why, user: try row["user"],
                               comment: try row["comment"], priority: priority, value: try row["value"])
    }
}

extension StoreOperation where Result == [(id: Int64, entry: AlarmTransition)] {
    /// Every journal entry after `id` (for KPIs and audits), oldest first.
    package static func journal(after id: Int64 = 0, limit: Int = 100_000) -> Self {
        .read("read journal", { _ in
            StoreStatement("SELECT * FROM journal WHERE id > ? ORDER BY id LIMIT ?", [.integer(id), StoreValue(max(limit, 0))])
        }, rows: { rows in
            try rows.map { (id: try $0["id"], entry: try StoreOperation<[AlarmTransition]>.transition($0)) }
        })
    }
}

extension StoreOperation where Result == AlarmKPIs {
    /// Alarm KPIs (rates per area, floods, bad actors, priority shares, stale alarms) for
    /// `start...end`, from one snapshot of the journal and the alarms.
    package static func kpis(from start: Double, to end: Double, staleAfter: Double,
                             targets: [String: Double] = AlarmKPIs.defaultTargets) -> Self {
        let journal = StoreOperation<[AlarmTransition]>.journal(from: start, to: end)
        let alarms = StoreOperation<[Alarm]>.alarms(AlarmFilter(limit: Int.max))
        return Self("compute KPIs", readOnly: true, statements: { journal.statements($0) + alarms.statements($0) },
                    result: { rows in
            AlarmKPIs(journal: try journal.result([rows[0]]), alarms: try alarms.result([rows[1]]), start: start, end: end,
                      staleAfter: staleAfter, targets: targets)
        })
    }
}

extension StoreOperation where Result == [(key: AlarmKey, due: Double)] {
    /// Escalation steps due by `time` (for operations views; the engine keeps its own copy).
    package static func dueEscalations(by time: Double) -> Self {
        .read("read escalation timers", { _ in
            StoreStatement("SELECT asset, rule, due FROM escalation_timer WHERE due <= ? ORDER BY due", [.real(time)])
        }, rows: { rows in try rows.map { (AlarmKey(asset: try $0["asset"], rule: try $0["rule"]), try $0["due"]) } })
    }
}

extension StoreOperation where Result == [(state: String, priority: String, count: Int)] {
    /// Alarms per state and priority (every combination present, including normal).
    package static func alarmCounts() -> Self {
        .read("count alarms", { _ in
            StoreStatement("SELECT state, priority, COUNT(*) AS n FROM alarm GROUP BY state, priority ORDER BY state, priority")
        }, rows: { rows in try rows.map { (try $0["state"], try $0["priority"], try $0["n"]) } })
    }
}

extension StoreOperation where Result == Int {
    /// Rows of one of the store's tables (for tests and operations).
    package static func count(_ table: StoreTable) -> Self {
        .read("count \(table.rawValue)", { _ in StoreStatement("SELECT COUNT(*) AS n FROM \(table.rawValue)") },
              rows: { try $0.first?["n"] ?? 0 })
    }
}

/// The tables both stores hold.
package enum StoreTable: String, Sendable, CaseIterable {
    case alarm, journal, escalationTimer = "escalation_timer", outbox, ticket, command, heartbeat
    case featureHistory = "feature_history", prognosisState = "prognosis_state"
}
