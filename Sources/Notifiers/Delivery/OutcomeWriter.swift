import AlarmStore
import Logging
import Synchronization

/// Writes delivery outcomes while requests go on: whatever accumulated during one transaction goes
/// into the next, so the network never waits for the disk, and a crash repeats at most the
/// requests whose outcomes were not yet committed.
final class OutcomeWriter: Sendable {
    private let database: any StateStore
    private let logger: Logger
    private let pending = Mutex<[DeliveryRecord]>([])
    private let signal: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    init(database: any StateStore, logger: Logger) {
        self.database = database
        self.logger = logger
        (signal, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func add(_ records: [DeliveryRecord]) {
        guard !records.isEmpty else { return }
        pending.withLock { $0 += records }
        wake.yield()
    }

    /// Writes until ``finish()``, then what is left.
    func run() async {
        for await _ in signal { await flush() }
        await flush()
    }

    func finish() {
        wake.finish()
    }

    private func flush() async {
        let records = pending.withLock { records in
            defer { records = [] }
            return records
        }
        guard !records.isEmpty else { return }
        do {
            try await database.perform(.record(records))
        } catch {
            // Not written: the same notifications are attempted again (at least once).
            logger.error("delivery outcomes not written", metadata: ["error": "\(error)"])
        }
    }
}
