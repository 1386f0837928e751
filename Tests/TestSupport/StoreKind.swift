import AlarmStore
import Foundation
import Logging
import PostgresStore
import Testing

/// The engines the store suite runs on: a real SQLite file always, a real PostgreSQL server
/// (a throw-away cluster from `initdb` and `pg_ctl`) where PostgreSQL is installed.
package enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    package var testDescription: String { rawValue }

    /// Every engine that can run here. Without PostgreSQL the suite says so once and runs on SQLite.
    package static let available: [StoreKind] = {
        guard PostgresServer.available else {
            print("store suite: PostgreSQL is not installed (apt-get install -y postgresql): running on SQLite only")
            return [.sqlite]
        }
        return allCases
    }()

    /// Runs `body` with `count` stores of this kind on one empty database (several processes, or
    /// one process before and after a restart), then removes it.
    package func withStores(_ count: Int = 1, _ body: ([any StateStore]) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-store-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            var stores: [any StateStore] = []
            for _ in 0..<count { stores.append(try AlarmDatabase(path: path)) }
            try await body(stores)
        case .postgres:
            let server = try await PostgresServer()
            var logger = Logger(label: "test.store")
            logger.logLevel = .critical
            let endpoint = PostgresEndpoint(host: "127.0.0.1", port: server.port, user: server.user, database: "postgres",
                                            tls: .disable)
            let stores = (0..<count).map { _ in PostgresStore(endpoint: endpoint, logger: logger) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for store in stores { group.addTask { try await store.run() } }
                defer { group.cancelAll() }
                for store in stores { try await store.migrate() }
                try await body(stores)
            }
        }
    }
}
