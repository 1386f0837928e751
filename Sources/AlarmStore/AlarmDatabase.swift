import AlarmEngine
import Foundation
import GRDB

/// The SQLite store: one file (WAL, foreign keys) holding alarm records, the transition journal,
/// escalation timers, the notification outbox, tickets, the command queue, the feature history
/// and the prognosis state.
///
/// Every operation runs in one transaction: a crash leaves the file as it was before the batch
/// or after it, never in between.
package final class AlarmDatabase: StateStore {
    package let path: String
    private let pool: DatabasePool

    package var dialect: StoreDialect { .sqlite }
    package var location: String { path }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date. A new
    /// file is readable by its owner only (0600), and so are its -wal and -shm files, which SQLite
    /// creates with the database's permissions.
    /// - Parameter syncEveryCommit: whether each commit waits until the disk has it
    ///   (`synchronous = FULL`, which survives a power cut), or only until the operating system has
    ///   it (`NORMAL`: in WAL mode this survives the process being killed at any moment, and no
    ///   commit waits for the disk).
    package init(path: String, syncEveryCommit: Bool = false) throws(StoreError) {
        self.path = path
        let created = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if created >= 0 { close(created) }
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(10)
            let synchronous = syncEveryCommit ? "FULL" : "NORMAL"
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw StoreError(path: path, operation: "open", detail: "\(error)")
        }
    }

    /// Runs one operation in one transaction (a read-only one on a snapshot, beside writers).
    package func perform<Result>(_ operation: StoreOperation<Result>) throws(StoreError) -> Result {
        do {
            // Statements built once; nothing to run (a write of no rows) needs no transaction.
            let statements = operation.statements(.sqlite)
            if statements.isEmpty, operation.followUp == nil { return try operation.result([]) }
            if operation.readOnly { return try pool.read { db in try Self.run(operation, statements, in: db) } }
            return try pool.write { db in try Self.run(operation, statements, in: db) }
        } catch {
            throw StoreError(path: path, operation: operation.name, detail: "\(error)")
        }
    }

    static func run<Result>(_ operation: StoreOperation<Result>, _ statements: [StoreStatement],
                            in db: Database) throws -> Result {
        let rows = try statements.map { try Self.rows($0, in: db) }
        if let followUp = operation.followUp {
            for statement in try followUp(.sqlite, rows) { _ = try Self.rows(statement, in: db) }
        }
        return try operation.result(rows)
    }

    static func rows(_ statement: StoreStatement, in db: Database) throws -> [StoreRow] {
        let prepared = statement.reusable ? try db.cachedStatement(sql: statement.sql) : try db.makeStatement(sql: statement.sql)
        // A closure, not a key path: a key path used as a function is made anew on every call.
        let arguments = StatementArguments(statement.arguments.map { $0.databaseValue })
        guard prepared.columnCount > 0 else {
            try prepared.execute(arguments: arguments)
            return []
        }
        let columns = prepared.columnNames
        // Read from the statement as it steps: no row is copied before its values are.
        var rows: [StoreRow] = []
        let cursor = try Row.fetchCursor(prepared, arguments: arguments)
        while let row = try cursor.next() {
            rows.append(StoreRow(columns: columns, values: row.databaseValues.map(StoreValue.init(databaseValue:))))
        }
        return rows
    }

    /// SQLite's own consistency check: "ok" when the file is sound.
    package func integrityCheck() throws(StoreError) -> String {
        do {
            return try pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
        } catch {
            throw StoreError(path: path, operation: "integrity check", detail: "\(error)")
        }
    }

    /// Rows of a table (for tests and operations).
    package func count(_ table: String) throws(StoreError) -> Int {
        guard let known = StoreTable(rawValue: table) else {
            throw StoreError(path: path, operation: "count \(table)", detail: "no table \(table)")
        }
        return try perform(.count(known))
    }
}

extension StoreValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let value): value.databaseValue
        case .real(let value): value.databaseValue
        case .text(let value): value.databaseValue
        case .blob(let value): Data(value).databaseValue
        }
    }

    init(databaseValue: DatabaseValue) {
        switch databaseValue.storage {
        case .null: self = .null
        case .int64(let value): self = .integer(value)
        case .double(let value): self = .real(value)
        case .string(let value): self = .text(value)
        case .blob(let value): self = .blob(Array(value))
        }
    }
}
