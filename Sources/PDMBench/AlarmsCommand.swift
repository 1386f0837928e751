import AlarmStore
import ArgumentParser
import BenchmarkKernels
import Foundation
import Logging
import PostgresStore

/// Raises and clears alarms as fast as the engine and the database allow: every reading crosses
/// the limit one way or the other, so every reading is a transition, journaled, saved and (for
/// raises) queued in the outbox, `--batch` readings per transaction. It resumes from whatever the
/// database holds, so it can be killed and started again. Prints `transitions=<n> seconds=<t>`.
struct AlarmsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alarms")

    @Option(help: "SQLite file.") var database: String?
    @Option(help: "PostgreSQL URL instead of a SQLite file (postgres://user@host:port/database).") var postgres: String?
    @Option(help: "Assets.") var assets = 200
    @Option(help: "Readings per transaction.") var batch = 64
    @Option(help: "Stop after this many seconds (0: until killed).") var seconds = 5.0

    func validate() throws {
        guard (database == nil) != (postgres == nil) else { throw ValidationError("give --database or --postgres") }
    }

    func run() async throws {
        let start: Date
        var transitions = 0
        if let postgres {
            var logger = Logger(label: "pdm-bench.postgres")
            logger.logLevel = .error
            let store = PostgresStore(endpoint: try PostgresEndpoint(url: postgres), logger: logger)
            let pool = Task { try await store.run() }
            defer { pool.cancel() }
            _ = try await store.migrate()
            var load = AlarmTransitionLoad(restoring: try await store.perform(.loadAlarms()), assets: assets)
            FileHandle.standardOutput.write(Data("running from PostgreSQL\n".utf8))
            start = Date()
            while seconds <= 0 || Date().timeIntervalSince(start) < seconds {
                let (batches, count) = load.pass(batch: batch)
                for actions in batches { try await store.perform(.apply(batches: [actions])) }
                transitions += count
            }
            try await store.perform(.apply(batches: [load.rest()]))
        } else {
            var kernel = try AlarmTransitionKernel(store: try AlarmDatabase(path: database ?? ""), assets: assets)
            FileHandle.standardOutput.write(Data("running from \(kernel.restored) alarms\n".utf8))
            start = Date()
            while seconds <= 0 || Date().timeIntervalSince(start) < seconds {
                transitions += try kernel.pass(batch: batch)
            }
            try kernel.finish()
        }
        print("transitions=\(transitions) seconds=\(Date().timeIntervalSince(start))")
    }
}
