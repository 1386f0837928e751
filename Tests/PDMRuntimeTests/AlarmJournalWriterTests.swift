import AlarmEngine
import AlarmStore
import Foundation
import Logging
import PDMConfig
@testable import PDMRuntime
import Synchronization
import Testing

@Suite("Journal writer")
struct AlarmJournalWriterTests {
    /// Two rules: one whose alarms notify a receiver, one whose alarms notify no one.
    static let yaml = """
        broker: {host: 127.0.0.1, port: 1883}
        topics: {prefix: pdm}
        subscriptions:
          - topic: plant/{asset}/{channel}
        receivers:
          shift-lead: {kind: log}
        routes:
          - match: {rule: bearing-hot}
            notify: [shift-lead]
        rules:
          - {name: bearing-hot, channel: temp, above: 90, deadband: 5, priority: high}
          - {name: vib-high, channel: vib, above: 7.1, priority: low}
        """

    /// The actions of one reading through the ingest pipeline.
    static func actions(_ pipeline: inout IngestPipeline, topic: String, value: Double) -> [AlarmAction] {
        let payload = Array(#"{"ts": 1700000000, "value": \#(value)}"#.utf8)
        return pipeline.handle(topic: topic, payload: payload, receivedAt: 1_700_000_000).flatMap { output -> [AlarmAction] in
            guard case .alarms(let actions) = output else { return [] }
            return actions
        }
    }

    @Test("the outbox is woken after a transaction that queued notifications, and only then")
    func wakesTheOutboxOnlyForNotifications() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-journal-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        var pipeline = IngestPipeline(configuration: try PDMConfiguration.parse(yaml: Self.yaml, file: "test.yaml", environment: [:]))
        let silent = Self.actions(&pipeline, topic: "plant/pump-1/vib", value: 9)
        let notifying = Self.actions(&pipeline, topic: "plant/pump-1/temp", value: 95)
        #expect(!silent.isEmpty && !silent.contains { $0.queuesNotification })
        #expect(notifying.contains { $0.queuesNotification })

        let (commits, committed) = AsyncStream.makeStream(of: Int.self)
        let (wakeSignals, woken) = AsyncStream.makeStream(of: Void.self)
        let wakes = Atomic(0)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let writer = AlarmJournalWriter(database: try AlarmDatabase(path: path), logger: logger,
                                        committed: { events in committed.yield(events.count) },
                                        notificationsQueued: {
                                            wakes.add(1, ordering: .relaxed)
                                            woken.yield()
                                        })
        let writing = Task { await writer.write() }
        var transactions = commits.makeAsyncIterator()

        var wakeups = wakeSignals.makeAsyncIterator()

        // One transaction at a time: whatever the first one woke, it woke before the second began.
        writer.append(silent)
        #expect(await transactions.next() ?? 0 > 0)
        writer.append(notifying)
        #expect(await transactions.next() ?? 0 > 0)
        #expect(await wakeups.next() != nil)
        #expect(wakes.load(ordering: .relaxed) == 1)

        writer.finish()
        await writing.value
        let queued = try AlarmDatabase(path: path).perform(.outboxCount(deadOnly: false))
        #expect(queued == 1)
    }
}
