import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

/// The throw-away PostgreSQL server the store tests run on: a real cluster from Debian's `initdb`
/// and `pg_ctl`, reached through postgres-nio.
@Suite("Throw-away PostgreSQL server",
       .enabled(if: PostgresServer.available, "needs PostgreSQL's initdb and pg_ctl (apt-get install -y postgresql)"))
struct PostgresServerTests {
    @Test("answers on its own port, and again after a crash and a restart")
    func queryStopRestart() async throws {
        let server = try await PostgresServer()
        var logger = Logger(label: "test.postgres")
        logger.logLevel = .critical
        let client = PostgresClient(configuration: .init(host: "127.0.0.1", port: server.port, username: server.user,
                                                         password: nil, database: "postgres", tls: .disable),
                                    backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            #expect(try await withTimeout(scriptTimeout, "for the first answer") { try await Self.answer(client) } == 42)

            try await server.stop()
            try await server.start()
            // The pool replaces the connection the crash closed.
            let again = try await withTimeout(scriptTimeout, "for an answer after the restart") { try await Self.answer(client) }
            #expect(again == 42, "\(server.log)")
        }
    }

    private static func answer(_ client: PostgresClient) async throws -> Int {
        var total = 0
        for try await value in try await client.query("SELECT 40 + 2").decode(Int.self) { total += value }
        return total
    }
}
