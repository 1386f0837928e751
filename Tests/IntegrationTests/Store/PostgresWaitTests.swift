import AlarmStore
import Foundation
import Logging
import PostgresStore
import TestSupport
import Testing

/// How long pdm waits on the PostgreSQL server: a cut connection fails the statement on it; a
/// caller that is cancelled, or whose limit passes, stops waiting for an answer.
@Suite("Waiting on PostgreSQL", .enabled(if: PostgresServer.available, "needs PostgreSQL's initdb and pg_ctl"))
struct PostgresWaitTests {
    static func store(port: Int, server: PostgresServer) -> PostgresStore {
        var logger = Logger(label: "test.postgres")
        logger.logLevel = .critical
        return PostgresStore(endpoint: PostgresEndpoint(host: "127.0.0.1", port: port, user: server.user,
                                                        database: "postgres", tls: .disable), logger: logger)
    }

    static let sleep = StoreOperation<Int>.read("sleep", { _ in StoreStatement("SELECT pg_sleep(30) AS slept", []) },
                                                rows: { $0.count })

    @Test("a statement in flight when its connection is cut fails, naming the operation")
    func cutConnection() async throws {
        let server = try await PostgresServer()
        let relay = try await TCPProxy(to: server.port)
        let store = Self.store(port: relay.port, server: server)
        let pool = Task { try await store.run() }
        defer { pool.cancel() }
        #expect(try await store.perform(.read("one", { _ in StoreStatement("SELECT 1 AS one", []) }, rows: { $0.count })) == 1)
        let statement = Task { try await store.perform(Self.sleep) }
        // The statement is running once the server lists it.
        let direct = Self.store(port: server.port, server: server)
        let directPool = Task { try await direct.run() }
        defer { directPool.cancel() }
        try await waitForSleep(on: direct)
        relay.cut()
        let outcome = await statement.result
        #expect(throws: StoreError.self) { try outcome.get() }
        #expect((try? outcome.get()) == nil)
        if case .failure(let error) = outcome { #expect("\(error)".contains("sleep")) }
    }

    @Test("a cancelled caller stops waiting at once; a caller's limit ends its wait")
    func cancelledAndLimited() async throws {
        let server = try await PostgresServer()
        let store = Self.store(port: server.port, server: server)
        let pool = Task { try await store.run() }
        defer { pool.cancel() }
        let statement = Task { try await store.perform(Self.sleep) }
        try await waitForSleep(on: store)
        statement.cancel()
        // Answered long before the statement's 30 s: the test's own limit would fail it otherwise.
        let cancelled = try await withTimeout(.seconds(10), "the cancelled statement") { await statement.result }
        #expect((try? cancelled.get()) == nil)

        let limited = try await withTimeout(.seconds(10), "the limited statement") {
            await Task { try await store.perform(Self.sleep, fence: nil, within: .milliseconds(300)) }.result
        }
        #expect(throws: StoreError.self) { try limited.get() }
        if case .failure(let error) = limited { #expect("\(error)".contains("no answer from the server within"), "\(error)") }
        // The store goes on answering.
        #expect(try await store.perform(.read("one", { _ in StoreStatement("SELECT 1 AS one", []) }, rows: { $0.count })) == 1)
    }

    /// Waits (bounded) until the server runs a `pg_sleep`.
    func waitForSleep(on store: PostgresStore) async throws {
        let running = StoreOperation<Int>.read("activity", { _ in
            StoreStatement("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%'", [])
        }, rows: { try $0.first?["n"] ?? 0 })
        try await withTimeout(.seconds(20), "the statement to start") {
            while try await store.perform(running) == 0 { try await Task.sleep(for: .milliseconds(20)) }
        }
    }
}
