import AlarmEngine

/// Operator commands for a running service (the command line and other instances queue them, the
/// service applies them through its engine and records the outcome) and the service heartbeat.
extension StoreOperation where Result == Int64 {
    /// Queues a command for the shard of its alarm (none when the alarm is unknown); the result
    /// is its id.
    package static func enqueue(_ command: OperatorCommand, now: Double) -> Self {
        Self("queue command", readOnly: false, statements: { _ in
            [StoreStatement("""
                INSERT INTO command (created_at, payload, shard)
                VALUES (?, ?, (SELECT shard FROM alarm WHERE asset = ? AND rule = ?)) RETURNING id
                """, [.real(now), .text(command.recordJSON()), .text(command.key.asset), .text(command.key.rule)])]
        }, result: { rows in
            guard let row = rows.first?.first else { throw StoreRowError(column: "id", found: nil) }
            return try row["id"]
        })
    }
}

extension StoreOperation where Result == [QueuedCommand] {
    /// Commands not yet applied, oldest first: all of them, or those for one shard's alarms and
    /// those for alarms of no shard (which any leader refuses as unknown).
    package static func pendingCommands(shard: String? = nil) -> Self {
        .read("read commands", { _ in
            let pending = StoreValue.text(CommandStatus.pending.rawValue)
            guard let shard else {
                return StoreStatement("SELECT id, payload, status, result FROM command WHERE status = ? ORDER BY id", [pending])
            }
            return StoreStatement("""
                SELECT id, payload, status, result FROM command WHERE status = ? AND (shard = ? OR shard IS NULL) ORDER BY id
                """, [pending, .text(shard)])
        }, rows: { try $0.map(QueuedCommand.init(row:)) })
    }
}

extension StoreOperation where Result == QueuedCommand? {
    /// A command's current status.
    package static func command(_ id: Int64) -> Self {
        .read("read command", { _ in
            StoreStatement("SELECT id, payload, status, result FROM command WHERE id = ?", [.integer(id)])
        }, rows: { try $0.first.map(QueuedCommand.init(row:)) })
    }
}

extension StoreOperation where Result == Void {
    /// Records a command's outcome with a message.
    package static func complete(_ id: Int64, status: CommandStatus, result: String, now: Double) -> Self {
        .write("complete command") { _ in
            [StoreStatement("UPDATE command SET status = ?, result = ?, done_at = ? WHERE id = ?",
                            [.text(status.rawValue), .text(result), .real(now), .integer(id)])]
        }
    }

    /// Marks the service alive.
    package static func beat(pid: Int32, now: Double) -> Self {
        .write("heartbeat") { _ in
            [StoreStatement("""
                INSERT INTO heartbeat (id, pid, at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, at = excluded.at
                """, [.integer(Int64(pid)), .real(now)])]
        }
    }

    /// Marks the service stopped.
    package static func clearHeartbeat() -> Self {
        .write("heartbeat") { _ in [StoreStatement("DELETE FROM heartbeat")] }
    }
}

extension StoreOperation where Result == (pid: Int32, at: Double)? {
    /// The last heartbeat of a service: its process id and time.
    package static func heartbeat() -> Self {
        .read("heartbeat", { _ in StoreStatement("SELECT pid, at FROM heartbeat WHERE id = 1") },
              rows: { rows in try rows.first.map { (try $0["pid"], try $0["at"]) } })
    }
}

/// A queued command and its outcome.
package struct QueuedCommand: Sendable, Hashable {
    package var id: Int64
    package var command: OperatorCommand?
    /// Nil for a status this version does not know.
    package var status: CommandStatus?
    package var result: String?

    init(row: StoreRow) throws {
        let status: String = try row["status"]
        self.init(id: try row["id"], command: OperatorCommand(recordJSON: try row["payload"]),
                  status: CommandStatus(stored: status), result: try row["result"])
    }

    package init(id: Int64, command: OperatorCommand?, status: CommandStatus?, result: String?) {
        self.id = id
        self.command = command
        self.status = status
        self.result = result
    }
}
