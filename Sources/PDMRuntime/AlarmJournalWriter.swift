import AlarmEngine
import AlarmStore
import Foundation
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
    private let pending = Mutex<(batches: [[AlarmAction]], commands: [(id: Int64, result: String)])>(([], []))
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
        pending.withLock { $0.batches.append(actions) }
        wake.yield()
    }

    /// Queues the actions of a queued operator command; the command is marked done in the same
    /// transaction.
    func append(_ actions: [AlarmAction], completing id: Int64, result: String) {
        pending.withLock {
            $0.batches.append(actions)
            $0.commands.append((id, result))
        }
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
        let (batches, commands) = pending.withLock { queued in
            defer { queued = ([], []) }
            return queued
        }
        guard !batches.isEmpty || !commands.isEmpty else { return }
        do {
            try database.apply(batches: batches, completing: commands, now: Date().timeIntervalSince1970)
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
