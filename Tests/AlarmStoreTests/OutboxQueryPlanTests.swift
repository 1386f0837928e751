import AlarmEngine
import AlarmStore
import Foundation
import Testing

/// How SQLite runs the outbox's reads: a round costs the same whatever the backlog behind it and
/// however many alarms the plant has.
@Suite("Outbox due read on SQLite")
struct OutboxQueryPlanTests {
    /// SQLite's plan for `statement`, one line per step.
    func plan(of statement: StoreStatement, in database: AlarmDatabase) throws -> [String] {
        try database.perform(StoreOperation<[String]>.read("explain", { _ in
            StoreStatement("EXPLAIN QUERY PLAN " + statement.sql, statement.arguments, reusable: false)
        }, rows: { rows in try rows.map { try $0["detail"] } }))
    }

    func withDatabase(_ body: (AlarmDatabase) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-plan-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        try body(try AlarmDatabase(path: path))
    }

    @Test func theDueReadWalksTheUndeliveredInIdOrderWithoutSortingTheBacklog() throws {
        try withDatabase { database in
            let due = try #require(StoreOperation<[OutboxEntry]>.dueNotifications(now: 100).statements(.sqlite).first)
            let plan = try plan(of: due, in: database)
            #expect(plan.contains { $0.contains("USING INDEX outbox_undelivered") }, "\(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
        }
    }

    /// A page's alarms and tickets are looked up by key, never by reading every alarm.
    @Test func thePagesContextsAreLookedUpByKey() throws {
        try withDatabase { database in
            let entries = (0..<3).map { index in
                let intent = NotificationIntent(kind: .raised, key: AlarmKey(asset: "pump-\(index)", rule: "hot"), occurrence: 1,
                                                step: "level-0", receivers: ["cmms"], time: 0, priority: .high, state: .unacknowledged,
                                                value: 1, message: "hot")
                return OutboxEntry(id: Int64(index), idempotencyKey: intent.idempotencyKey, receiver: "cmms", intent: intent, createdAt: 0,
                                   attempts: 0, nextAttemptAt: 0)
            }
            let statements = StoreOperation<[Int64: DeliveryContext]>.deliveryContexts(for: entries).statements(.sqlite)
            #expect(statements.count == 2)
            for (statement, table) in zip(statements, ["alarm", "ticket"]) {
                let plan = try plan(of: statement, in: database)
                #expect(plan.contains { $0.contains("SEARCH \(table) USING") }, "\(plan)")
                #expect(!plan.contains { $0.contains("SCAN \(table)") }, "\(plan)")
            }
        }
    }
}
