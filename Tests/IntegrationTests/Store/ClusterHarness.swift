import AlarmEngine
import AlarmStore
import Foundation
import Logging
import MQTTClient
import PostgresStore
import Synchronization
import TestSupport

/// pdm instances of several shards as child processes, sharing a throw-away PostgreSQL server
/// and a real mosquitto; the test reads the shared store directly.
final class ClusterHarness: Sendable {
    let server: PostgresServer
    let brokerPort: Int
    let broker: MosquittoBroker?
    let directory: String
    let config: String
    let prefix: String
    let store: PostgresStore
    private let pool: Task<Void, any Error>
    private let httpPorts = Mutex<[String: Int]>([:])
    /// The operator token of every instance's HTTP API.
    let token = "op-\(UUID().uuidString)"

    /// `body`: the configuration after `broker`, `topics` and `storage` (cluster, rules, receivers, …).
    init(_ body: (_ prefix: String) -> String) async throws {
        let (port, broker) = try await TestBrokers.plain()
        self.brokerPort = port
        self.broker = broker
        server = try await PostgresServer()
        let id = UUID().uuidString.prefix(8)
        prefix = "c-\(id)"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-cluster-\(id)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        config = directory + "/alarms.yaml"
        try """
            broker: {host: 127.0.0.1, port: \(port), client_id: pdm-\(prefix)}
            topics: {prefix: \(prefix)}
            storage:
              postgres: {url: "postgres://\(server.user)@127.0.0.1:${PDM_PG_PORT}/postgres?sslmode=disable"}
            http:
              host: 127.0.0.1
              port: ${PDM_HTTP_PORT}
              tokens: [{user: op-1, token: "${PDM_TEST_TOKEN}", role: operator}]
            \(body(prefix))
            """.write(toFile: config, atomically: true, encoding: .utf8)
        var logger = Logger(label: "test.cluster")
        logger.logLevel = .critical
        let store = PostgresStore(endpoint: PostgresEndpoint(host: "127.0.0.1", port: server.port, user: server.user,
                                                             database: "postgres", tls: .disable), logger: logger)
        self.store = store
        pool = Task { try await store.run() }
    }

    deinit {
        pool.cancel()
        // PDM_TEST_KEEP=1 keeps the instances' logs to look at.
        if ProcessInfo.processInfo.environment["PDM_TEST_KEEP"] == nil {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// Starts instance `name` of `shard`, reaching PostgreSQL on `postgresPort` (the server's by
    /// default; a ``TCPProxy`` to cut); its log is `<directory>/<name>.log`.
    func start(_ name: String, shard: String, postgresPort: Int? = nil, extra: [String: String] = [:]) throws -> ChildProcess {
        let pdm = try Executables.pdm.orThrow("pdm is not built")
        let http = try FreePort.allocate()
        httpPorts.withLock { $0[name] = http }
        let environment = ProcessInfo.processInfo.environment
            .merging(["PDM_SHARD": shard, "PDM_INSTANCE": name, "PDM_PG_PORT": "\(postgresPort ?? server.port)",
                      "PDM_HTTP_PORT": "\(http)", "PDM_TEST_TOKEN": token]) { $1 }
            .merging(extra) { $1 }
        return try ChildProcess(path: pdm, arguments: ["run", "--config", config] + (ProcessInfo.processInfo.environment["PDM_TEST_DEBUG"] != nil ? ["--log-level", "debug"] : []), outputFile: log(name), environment: environment)
    }

    func log(_ name: String) -> String { directory + "/\(name).log" }

    /// The base URL of instance `name`'s HTTP API.
    func api(_ name: String) -> String { "http://127.0.0.1:\(httpPorts.withLock { $0[name] } ?? 0)" }

    /// The end of instance `name`'s log, for a failure message.
    func tail(_ name: String) -> String {
        String(((try? String(contentsOfFile: log(name), encoding: .utf8)) ?? "").suffix(3000))
    }

    /// Waits (bounded) until `shard` has a live lease held by someone other than `excluded`,
    /// and that holder says it subscribed in this term; returns the lease.
    func leader(of shard: String, not excluded: String? = nil, timeout: Duration = .seconds(60)) async throws -> ShardLease {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let current = try? await store.leases().first(where: { $0.lease.shard == shard }), current.secondsLeft > 0,
               current.lease.holder != excluded {
                let text = (try? String(contentsOfFile: log(current.lease.holder), encoding: .utf8)) ?? ""
                if let range = text.range(of: "term=\(current.lease.epoch) ") ?? text.range(of: "term=\(current.lease.epoch)\n"),
                   text[range.upperBound...].contains("subscribed") {
                    return current.lease
                }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Executables.WaitError(description: "no leader of \(shard) within \(timeout)")
    }

    /// Waits (bounded) until `condition` holds on the shared store.
    func until(_ what: String, timeout: Duration = .seconds(60),
               _ condition: @Sendable (PostgresStore) async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if (try? await condition(store)) == true { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        if try await condition(store) { return }
        throw Executables.WaitError(description: "\(what): not within \(timeout)")
    }

    /// Alarms of `shard` on assets starting with `prefix`.
    func alarmCount(shard: String, assets prefix: String) async throws -> Int {
        try await store.perform(.read("count", { _ in
            StoreStatement("SELECT COUNT(*) AS n FROM alarm WHERE shard = ? AND asset LIKE ?", [.text(shard), .text(prefix + "%")])
        }, rows: { try $0.first?["n"] ?? 0 }))
    }

    /// The journal of `shard` in id order: each entry's term and time.
    func journal(shard: String) async throws -> [JournalLine] {
        try await store.perform(.read("journal", { _ in
            StoreStatement("SELECT term, time, asset, from_state, to_state, cause FROM journal WHERE shard = ? ORDER BY id",
                           [.text(shard)])
        }, rows: {
            try $0.map {
                JournalLine(term: try $0["term"], time: try $0["time"], asset: try $0["asset"],
                            transition: "\(try $0["from_state"] as String)→\(try $0["to_state"] as String) (\(try $0["cause"] as String))")
            }
        }))
    }
}

extension ClusterHarness {
    /// The escalation timers of assets starting with `prefix`: asset → when its next level is due.
    func escalationsDue(assets prefix: String) async throws -> [String: Double] {
        let rows: [(String, Double)] = try await store.perform(.read("timers", { _ in
            StoreStatement("SELECT asset, due FROM escalation_timer WHERE asset LIKE ?", [.text(prefix + "%")])
        }, rows: { try $0.map { (try $0["asset"], try $0["due"]) } }))
        return Dictionary(rows) { first, _ in first }
    }

    /// Tickets captured for assets starting with `prefix`: one line per ticket value.
    func tickets(assets prefix: String) async throws -> [String] {
        try await store.perform(.read("tickets", { _ in
            StoreStatement("SELECT asset, occurrence, receiver, value FROM ticket WHERE asset LIKE ? ORDER BY asset",
                           [.text(prefix + "%")])
        }, rows: {
            try $0.map { "\(try $0["asset"] as String)/\(try $0["occurrence"] as Int64) \(try $0["receiver"] as String)=\(try $0["value"] as String)" }
        }))
    }
}

/// One journal entry as the cluster tests look at it.
struct JournalLine: CustomStringConvertible {
    var term: Int64
    var time: Double
    var asset: String
    var transition: String

    var description: String { "\(asset) \(transition) term \(term)" }
}

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let value = self else { throw Executables.WaitError(description: message) }
        return value
    }
}
