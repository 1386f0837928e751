import AlarmEngine
import AlarmStore
import Foundation
import Logging
import Metrics
import MQTTClient
import Synchronization

/// Writes the alarm engine's decisions to the database in batches: whatever accumulated while the
/// previous transaction ran goes into the next one, so a burst of transitions costs few
/// transactions (group commit). Events are handed on for publishing only once they are committed,
/// and so are the receipts of the MQTT messages that caused them: a QoS 1/2 message is acknowledged
/// to the broker only after its effect is in the database, and in the order messages arrived.
///
/// A transaction that fails is tried again, with what came meanwhile, until it succeeds: nothing
/// it holds is acknowledged before then, so the broker keeps those messages.
final class AlarmJournalWriter: Sendable {
    /// What waits for the next transaction.
    private struct Queued: Sendable {
        var batches: [[AlarmAction]] = []
        var commands: [QueuedCompletion] = []
        var receipts: [MQTTReceipt] = []

        var isEmpty: Bool { batches.isEmpty && commands.isEmpty && receipts.isEmpty }
        var needsTransaction: Bool { !commands.isEmpty || batches.contains { !$0.isEmpty } }

        mutating func append(_ other: Queued) {
            batches += other.batches
            commands += other.commands
            receipts += other.receipts
        }
    }

    /// An operator command completed by a transaction, and whom to tell once it is committed.
    private struct QueuedCompletion: Sendable {
        var id: Int64
        var result: String
        var committed: @Sendable (Bool) -> Void
    }

    private let database: any StateStore
    private let logger: Logger
    private let committed: @Sendable ([AlarmEvent]) -> Void
    private let notificationsQueued: @Sendable () -> Void
    private let acknowledge: @Sendable ([MQTTReceipt]) -> Void
    private let pending = Mutex(Queued())
    private let signal: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let transactions = Counter(label: "pdm_alarm_transactions_total")
    private let transitions = Counter(label: "pdm_alarm_transitions_total")
    private let failures = Counter(label: "pdm_alarm_write_failures_total")

    /// - Parameters:
    ///   - committed: the events of each committed transaction, in order.
    ///   - notificationsQueued: called after a transaction that added to the notification outbox
    ///     (and only then: a transition without receivers leaves the outbox alone).
    ///   - acknowledge: the receipts of the messages whose effects are committed, in order.
    init(database: any StateStore, logger: Logger, committed: @escaping @Sendable ([AlarmEvent]) -> Void,
         notificationsQueued: @escaping @Sendable () -> Void = {},
         acknowledge: @escaping @Sendable ([MQTTReceipt]) -> Void = { _ in }) {
        self.database = database
        self.logger = logger
        self.committed = committed
        self.notificationsQueued = notificationsQueued
        self.acknowledge = acknowledge
        (signal, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues one step's actions (in order), then the receipts of the messages handled up to and
    /// including that step.
    func append(_ actions: [AlarmAction], receipts: [MQTTReceipt] = []) {
        guard !actions.isEmpty || !receipts.isEmpty else { return }
        pending.withLock {
            if !actions.isEmpty { $0.batches.append(actions) }
            $0.receipts += receipts
        }
        wake.yield()
    }

    /// Queues the actions of a queued operator command; the command is marked done in the same
    /// transaction. `committed` is told `true` once it is, `false` when the writer stops first.
    func append(_ actions: [AlarmAction], completing id: Int64, result: String, receipts: [MQTTReceipt] = [],
                committed: @escaping @Sendable (Bool) -> Void = { _ in }) {
        pending.withLock {
            $0.batches.append(actions)
            $0.commands.append(QueuedCompletion(id: id, result: result, committed: committed))
            $0.receipts += receipts
        }
        wake.yield()
    }

    /// Writes what is queued, then stops ``write()``.
    func finish() {
        wake.finish()
    }

    /// Writes until ``finish()``, then what was queued before it.
    func write() async {
        var failed: Queued?
        var attempts = 0
        for await _ in signal {
            // Cancelled: what is queued stays unacknowledged, for redelivery.
            if Task.isCancelled { break }
            failed = await flush(after: failed)
            guard failed != nil else { attempts = 0; continue }
            attempts += 1
            // Back off (up to 5 s) before the next try; new work joins the retry.
            let wait = min(0.05 * Double(1 << min(attempts, 7)), 5)
            try? await Task.sleep(for: .seconds(wait))
            wake.yield()
        }
        // At shutdown: a few more tries, then what is left stays unacknowledged for redelivery
        // (and queued commands stay pending, for the next start).
        for _ in 0..<3 where !Task.isCancelled {
            failed = await flush(after: failed)
            if failed == nil { return }
            try? await Task.sleep(for: .milliseconds(200))
        }
        for command in failed?.commands ?? [] { command.committed(false) }
    }

    /// Commits `retry` and what is queued in one transaction; returns what is left to retry.
    private func flush(after retry: Queued?) async -> Queued? {
        var work = retry ?? Queued()
        work.append(pending.withLock { queued in
            defer { queued = Queued() }
            return queued
        })
        guard !work.isEmpty else { return nil }
        if work.needsTransaction {
            do {
                try await database.perform(.apply(batches: work.batches.filter { !$0.isEmpty },
                                                  completing: work.commands.map { ($0.id, $0.result) },
                                                  now: Date().timeIntervalSince1970))
            } catch {
                failures.increment()
                if Task.isCancelled || error.kind == .leaseLost {
                    // Stopping, or another instance leads the shard now: its writes are refused
                    // whole, and the messages go to the new leader unacknowledged.
                    logger.warning("alarm state not written: stopping; the messages behind it stay unacknowledged for redelivery",
                                   metadata: ["error": "\(error)", "messages": "\(work.receipts.count)"])
                } else {
                    logger.critical("alarm state not written; retrying, and holding back the acknowledgement of the messages behind it",
                                    metadata: ["error": "\(error)", "messages": "\(work.receipts.count)"])
                }
                return work
            }
            transactions.increment()
            let events = work.batches.flatMap(AlarmEvent.events(in:))
            transitions.increment(by: events.count)
            committed(events)
            if work.batches.contains(where: { $0.contains(where: \.queuesNotification) }) { notificationsQueued() }
            for command in work.commands { command.committed(true) }
        }
        if !work.receipts.isEmpty { acknowledge(work.receipts) }
        return nil
    }
}
