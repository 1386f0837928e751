import AlarmStore
import Foundation
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle

/// The PostgreSQL store: the same data as the SQLite file, in one database that several pdm
/// instances share. It executes the same ``StoreOperation``s, each in one transaction (a
/// read-only one on a repeatable-read snapshot).
///
/// The connection pool runs as a service (``run()``); operations wait for a connection while the
/// server is away and fail with a ``StoreError`` after the pool gives up on them.
package final class PostgresStore: StateStore, Service {
    package let endpoint: PostgresEndpoint
    private let client: PostgresClient
    private let logger: Logger
    /// How long an operation waits for the server at most (see ``Patience``).
    private let patience: Duration

    package var dialect: StoreDialect { .postgres }
    package var location: String { endpoint.redacted }

    package init(endpoint: PostgresEndpoint, logger: Logger, patience: Duration = .seconds(60)) {
        self.endpoint = endpoint
        self.patience = patience
        self.logger = logger
        var configuration = PostgresClient.Configuration(host: endpoint.host, port: endpoint.port, username: endpoint.user,
                                                         password: endpoint.password, database: endpoint.database,
                                                         tls: endpoint.tls.clientTLS)
        configuration.options.connectionIdleTimeout = .seconds(60)
        configuration.options.keepAliveBehavior = .init(frequency: .seconds(15))
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// Runs the connection pool until cancelled or the service group shuts down.
    package func run() async throws {
        await cancelWhenGracefulShutdown { await self.client.run() }
    }

    package func perform<Result>(_ operation: StoreOperation<Result>) async throws(StoreError) -> Result {
        try await perform(operation, fence: nil)
    }

    /// Runs one operation; a write under `fence` first checks, in its transaction, that the lease
    /// is still current (and holds it until commit), or fails with ``StoreError/Kind/leaseLost``.
    /// The caller waits `within` at most (``patience`` by default), and not after it is cancelled.
    package func perform<Result>(_ operation: StoreOperation<Result>, fence: ShardLease?,
                                 within limit: Duration? = nil) async throws(StoreError) -> Result {
        let rows: [[StoreRow]]
        do {
            // Statements built once; nothing to run (a write of no rows) needs no transaction.
            let statements = operation.statements(.postgres)
            if statements.isEmpty, operation.followUp == nil { return try operation.result([]) }
            try Task.checkCancellation()
            rows = try await Patience(limit: limit ?? patience).wait { [client, logger] in
                try await client.withTransaction(logger: logger) { connection in
                    if operation.readOnly {
                        try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
                    } else if let fence {
                        _ = try await Self.rows(fence.check, on: connection, logger: logger)
                    }
                    var rows: [[StoreRow]] = []
                    for statement in statements {
                        rows.append(try await Self.rows(statement, on: connection, logger: logger))
                    }
                    if let followUp = operation.followUp {
                        for statement in try followUp(.postgres, rows) { _ = try await Self.rows(statement, on: connection, logger: logger) }
                    }
                    return rows
                }
            }
            return try operation.result(rows)
        } catch {
            let cause = Self.cause(of: error)
            let lost = (cause as? PSQLError)?.serverInfo?[.sqlState] == ShardLease.lostState
            throw StoreError(path: location, operation: operation.name, detail: Self.describe(cause),
                             kind: lost ? .leaseLost : .failure)
        }
    }

    static func rows(_ statement: StoreStatement, on connection: PostgresConnection, logger: Logger) async throws -> [StoreRow] {
        var binds = PostgresBindings(capacity: statement.arguments.count)
        for argument in statement.arguments {
            switch argument {
            case .null: binds.appendNull()
            case .integer(let value): binds.append(value)
            case .real(let value): binds.append(value)
            case .text(let value): binds.append(value)
            case .blob(let value): binds.append(ByteBuffer(bytes: value))
            }
        }
        let query = PostgresQuery(unsafeSQL: Self.numbered(statement.sql), binds: binds)
        var rows: [StoreRow] = []
        var columns: [String]?
        for try await row in try await connection.query(query, logger: logger) {
            let names = columns ?? row.map(\.columnName)
            columns = names
            rows.append(StoreRow(columns: names, values: try row.map(Self.value)))
        }
        return rows
    }

    /// The statement with its `?` numbered `$1`, `$2`, … (outside quoted text and names).
    static func numbered(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                result.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                result.append(character)
            } else if character == "?" {
                number += 1
                result += "$\(number)"
            } else {
                result.append(character)
            }
        }
        return result
    }

    static func value(_ cell: PostgresCell) throws -> StoreValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int8, .int4, .int2: return .integer(try cell.decode(Int64.self))
        case .float8, .float4: return .real(try cell.decode(Double.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea:
            var buffer = try cell.decode(ByteBuffer.self)
            return .blob(buffer.readBytes(length: buffer.readableBytes) ?? [])
        default: return .text(try cell.decode(String.self))
        }
    }

    /// The error that failed a transaction: the statement's, the begin's or the commit's, rather
    /// than the wrapper around them.
    static func cause(of error: any Error) -> any Error {
        guard let failed = error as? PostgresTransactionError else { return error }
        return failed.closureError ?? failed.beginError ?? failed.commitError ?? failed.rollbackError ?? error
    }

    /// The whole of a PostgreSQL error (its server message, SQL state and the statement), which
    /// the error's own description keeps back; no argument values are in it.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            var parts: [String] = []
            if let message = error.serverInfo?[.message] { parts.append(message) }
            if let state = error.serverInfo?[.sqlState] { parts.append("SQLSTATE \(state)") }
            if let detail = error.serverInfo?[.detail] { parts.append(detail) }
            if parts.isEmpty { parts.append("\(error.code)") }
            if let query = error.query { parts.append("in: \(query.sql.split(whereSeparator: \.isNewline).first ?? "")") }
            return parts.joined(separator: "; ")
        }
        return "\(error)"
    }
}
