import AlarmStore
import Foundation
import Testing

/// How SQLite runs the outbox's due read: in id order from the oldest undelivered entry, stopping
/// at the page size, so a round costs the same whatever the backlog behind it.
@Suite("Outbox due read on SQLite")
struct OutboxQueryPlanTests {
    @Test func theDueReadWalksTheUndeliveredInIdOrderWithoutSortingTheBacklog() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-plan-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let database = try AlarmDatabase(path: path)
        let due = try #require(StoreOperation<[OutboxEntry]>.dueNotifications(now: 100).statements(.sqlite).first)
        let plan = try database.perform(StoreOperation<[String]>.read("explain", { _ in
            StoreStatement("EXPLAIN QUERY PLAN " + due.sql, due.arguments, reusable: false)
        }, rows: { rows in try rows.map { try $0["detail"] } }))
        #expect(plan.contains { $0.contains("USING INDEX outbox_undelivered") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
    }
}
