import AlarmEngine
import AlarmStore
import Logging
import Metrics
import Synchronization

/// Writes the alarm engine's decisions to the database in batches: whatever accumulated while the
/// previous transaction ran goes into the next one, so a burst of transitions costs few
/// transactions. Events are handed on for publishing only once they are committed.
final class AlarmJournalWriter: Sendable {
    private let database: AlarmDatabase
    private let logger: Logger
    private let committed: @Sendable ([AlarmEvent]) -> Void
    private let pending = Mutex<[[AlarmAction]]>([])
    private let signal: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let transactions = Counter(label: "pdm_alarm_transactions_total")
    private let transitions = Counter(label: "pdm_alarm_transitions_total")

    init(database: AlarmDatabase, logger: Logger, committed: @escaping @Sendable ([AlarmEvent]) -> Void) {
        self.database = database
        self.logger = logger
        self.committed = committed
        (signal, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues one step's actions (in order).
    func append(_ actions: [AlarmAction]) {
        pending.withLock { $0.append(actions) }
        wake.yield()
    }

    /// Writes what is queued, then stops.
    func finish() {
        wake.finish()
    }

    func run() async {
        for await _ in signal { flush() }
        flush()
    }

    private func flush() {
        let batches = pending.withLock { queued -> [[AlarmAction]] in
            defer { queued.removeAll() }
            return queued
        }
        guard !batches.isEmpty else { return }
        do {
            try database.apply(batches: batches)
            transactions.increment()
            let events = batches.flatMap(AlarmEvent.events(in:))
            transitions.increment(by: events.count)
            committed(events)
        } catch {
            // The engine's state is ahead of the file now; it is rebuilt from the file at the next
            // start, and conditions still present are raised again then.
            logger.critical("alarm state not written", metadata: ["error": "\(error)"])
        }
    }
}
