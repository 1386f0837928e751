import AlarmStore
import Logging
import Synchronization

/// Writes delivery outcomes while requests go on, by group commit: the first outcome of a
/// transaction opens a short window, and what arrives until it closes (or until a batch is full,
/// or the round is over) goes into one transaction. The network never waits for the disk, and a
/// crash repeats at most the requests whose outcomes were not yet committed.
final class OutcomeWriter: Sendable {
    /// Outcomes that end a window early.
    static let batch = 128

    /// How long outcomes wait for others to join their transaction.
    let window: Duration

    private let database: any StateStore
    private let logger: Logger
    private let pending = Mutex<[DeliveryRecord]>([])
    private let signal: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    init(database: any StateStore, logger: Logger, window: Duration = .milliseconds(2)) {
        self.database = database
        self.logger = logger
        self.window = window
        (signal, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func add(_ records: [DeliveryRecord]) {
        guard !records.isEmpty else { return }
        let (before, after) = pending.withLock { pending in
            let before = pending.count
            pending += records
            return (before, pending.count)
        }
        // The first outcome opens a window; a full batch closes it early.
        if before == 0 || (before < Self.batch && after >= Self.batch) { wake.yield() }
    }

    /// Writes until ``finish()``, then what is left.
    func run() async {
        var signals = signal.makeAsyncIterator()
        while await signals.next() != nil {
            if pending.withLock({ $0.count }) < Self.batch {
                let timer = Task { [wake, window] in
                    guard (try? await Task.sleep(for: window)) != nil else { return }
                    wake.yield()
                }
                let open = await signals.next()
                timer.cancel()
                if open == nil { break }  // the round is over: the last write below takes the rest
            }
            await flush()
        }
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
