import AlarmEngine
import GRDB

/// Operator commands for a running service: the command line queues them, the service applies
/// them through its engine and records the outcome; the heartbeat says whether a service runs.
extension AlarmDatabase {
    /// A queued command and its outcome.
    package struct QueuedCommand: Sendable, Hashable {
        package var id: Int64
        package var command: OperatorCommand?
        /// Nil for a status this version does not know.
        package var status: CommandStatus?
        package var result: String?
    }

    /// Queues a command; returns its id.
    package func enqueue(_ command: OperatorCommand, now: Double) throws(StoreError) -> Int64 {
        try write("queue command") { db in
            try db.execute(sql: "INSERT INTO command (created_at, payload) VALUES (?, ?)",
                           arguments: [now, command.recordJSON()])
            return db.lastInsertedRowID
        }
    }

    /// Commands not yet applied, oldest first.
    package func pendingCommands() throws(StoreError) -> [QueuedCommand] {
        try read("read commands") { db in
            try Row.fetchAll(db, sql: "SELECT id, payload, status, result FROM command WHERE status = ? ORDER BY id",
                             arguments: [CommandStatus.pending.rawValue])
                .map(QueuedCommand.init(row:))
        }
    }

    /// Records a command's outcome with a message.
    package func complete(_ id: Int64, status: CommandStatus, result: String, now: Double) throws(StoreError) {
        try write("complete command") { db in
            try db.execute(sql: "UPDATE command SET status = ?, result = ?, done_at = ? WHERE id = ?",
                           arguments: [status.rawValue, result, now, id])
        }
    }

    /// A command's current status.
    package func command(_ id: Int64) throws(StoreError) -> QueuedCommand? {
        try read("read command") { db in
            try Row.fetchOne(db, sql: "SELECT id, payload, status, result FROM command WHERE id = ?", arguments: [id])
                .map(QueuedCommand.init(row:))
        }
    }

    /// Marks the service alive.
    package func beat(pid: Int32, now: Double) throws(StoreError) {
        try write("heartbeat") { db in
            try db.execute(sql: "INSERT INTO heartbeat (id, pid, at) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET pid = excluded.pid, at = excluded.at",
                           arguments: [pid, now])
        }
    }

    /// Marks the service stopped.
    package func clearHeartbeat() throws(StoreError) {
        try write("heartbeat") { db in try db.execute(sql: "DELETE FROM heartbeat") }
    }

    /// The last heartbeat of a service: its process id and time.
    package func heartbeat() throws(StoreError) -> (pid: Int32, at: Double)? {
        try read("heartbeat") { db in
            try Row.fetchOne(db, sql: "SELECT pid, at FROM heartbeat WHERE id = 1").map { ($0["pid"], $0["at"]) }
        }
    }

    /// Applies batches of engine actions and records the outcome of the commands they carry out,
    /// in one transaction.
    package func apply(batches: [[AlarmAction]], completing commands: [(id: Int64, result: String)],
                      now: Double) throws(StoreError) {
        try write("apply alarm actions") { db in
            for actions in batches { try Self.apply(actions, in: db) }
            for command in commands {
                try db.execute(sql: "UPDATE command SET status = ?, result = ?, done_at = ? WHERE id = ?",
                               arguments: [CommandStatus.applied.rawValue, command.result, now, command.id])
            }
        }
    }
}

extension AlarmDatabase.QueuedCommand {
    init(row: Row) {
        let status: String = row["status"]
        self.init(id: row["id"], command: OperatorCommand(recordJSON: row["payload"]), status: CommandStatus(stored: status),
                  result: row["result"])
    }
}
