import AlarmStore
import Foundation
import Logging
@testable import Notifiers
import Synchronization
import Testing

@Suite("Delivery outcomes by group commit")
struct OutcomeWriterTests {
    /// A real SQLite store that counts the transactions writing outcomes.
    final class CountingStore: StateStore {
        let database: AlarmDatabase
        let path: String
        let writes = Mutex<[Int]>([])
        var dialect: StoreDialect { database.dialect }
        var location: String { database.location }

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-outcomes-\(UUID().uuidString).sqlite").path
            database = try AlarmDatabase(path: path)
        }

        deinit {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }

        func perform<Result>(_ operation: StoreOperation<Result>) async throws(StoreError) -> Result {
            let result = try database.perform(operation)
            if operation.name == "record deliveries" {
                writes.withLock { $0.append(operation.statements(.sqlite).count) }
            }
            return result
        }
    }

    static func outcome(_ id: Int) -> DeliveryRecord {
        .delivered(id: Int64(id), at: 1000, captured: [:])
    }

    @Test func outcomesArrivingWithinTheWindowShareOneTransaction() async throws {
        let store = try CountingStore()
        let writer = OutcomeWriter(database: store, logger: Logger(label: "test"), window: .seconds(30))
        let writing = Task { await writer.run() }
        // Ten outcomes, the writer free to run between them: all wait in the open window.
        for id in 1...10 {
            writer.add([Self.outcome(id)])
            await Task.yield()
            try await Task.sleep(for: .milliseconds(1))
        }
        #expect(store.writes.withLock { $0 }.isEmpty, "nothing is written while the window is open")
        // The end of the round closes it at once.
        writer.finish()
        await writing.value
        #expect(store.writes.withLock { $0 }.count == 1)
    }

    @Test func aFullBatchClosesTheWindowEarly() async throws {
        let store = try CountingStore()
        let writer = OutcomeWriter(database: store, logger: Logger(label: "test"), window: .seconds(30))
        let writing = Task { await writer.run() }
        writer.add([Self.outcome(0)])
        writer.add((1..<OutcomeWriter.batch).map(Self.outcome))
        // Written long before the window would close (awaited, bounded).
        let deadline = ContinuousClock.now + .seconds(10)
        while store.writes.withLock({ $0 }).isEmpty, ContinuousClock.now < deadline {
            await Task.yield()
        }
        #expect(store.writes.withLock { $0 }.count == 1)
        writer.add([Self.outcome(OutcomeWriter.batch)])
        writer.finish()
        await writing.value
        #expect(store.writes.withLock { $0 }.count == 2, "the rest goes in a second transaction at the end")
    }
}
