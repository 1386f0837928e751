import AlarmEngine
import AlarmStore
import Testing
import TestSupport

/// The outbox's lifecycle, the same on a real SQLite file and a real PostgreSQL server: due order,
/// outcomes with captured ticket fields, fallbacks, dead letters and their redelivery,
/// confirmations of remote actions.
@Suite("Store outbox on SQLite and PostgreSQL")
struct StoreOutboxTests {
    static let policy = EscalationPolicy(name: "plant", levels: [.init(after: 0, receivers: ["cmms", "pager"])])
    static let settings = AlarmSettings(
        rules: [AlarmRule(name: "temp-high", channel: "temp", condition: .threshold(.above, limit: 90, deadband: 5),
                          priority: .high, escalation: "plant")],
        policies: ["plant": policy], chatter: nil, flood: nil)
    static let p1 = AlarmKey(asset: "p1", rule: "temp-high")

    @Test(arguments: StoreKind.available)
    func deliveryOutcomesTicketsFallbacksAndDeadLetters(_ kind: StoreKind) async throws {
        try await kind.withStores(2) { stores in
            let (service, other) = (stores[0], stores[1])
            var engine = AlarmCore(settings: Self.settings)
            try await service.perform(.apply(batches: [engine.observe(.reading(asset: "p1", channel: "temp", value: 95), now: 10)]))
            try await service.perform(.apply(batches: [try engine.apply(.acknowledge(Self.p1, user: "ann", comment: nil), now: 20)]))
            // Raise to cmms and pager, then the acknowledgement to both: the acknowledgement waits
            // behind the raise of its receiver.
            let due = try await other.perform(.dueNotifications(now: 30))
            #expect(due.map(\.idempotencyKey) == ["p1/temp-high/1/level-0/cmms", "p1/temp-high/1/level-0/pager"])
            #expect(try await other.perform(.nextNotificationDue()) == 10)
            #expect(try await other.perform(.pendingNotificationCount()) == 4)
            let (cmms, pager) = (due[0], due[1])

            let contexts = try await other.perform(.deliveryContexts(for: due))
            let alarm = try #require(try await other.perform(.alarms()).first)
            #expect(contexts[cmms.id]?.area == alarm.area && contexts[cmms.id]?.raisedAt == 10)
            #expect(contexts[cmms.id]?.tickets == [:])

            try await service.perform(.record([
                .delivered(id: cmms.id, at: 31, captured: ["issue_id": "4711", "url": "https://tracker/4711"]),
                .failed(id: pager.id, at: 31, error: "503", retryAt: 90),
            ]))
            #expect(try await other.perform(.tickets(for: Self.p1, occurrence: 1)) == ["cmms": ["issue_id": "4711", "url": "https://tracker/4711"]])
            let next = try await other.perform(.dueNotifications(now: 40))
            #expect(next.map(\.idempotencyKey) == ["p1/temp-high/1/ack-2/cmms"], "the pager's acknowledgement waits for its raise")
            #expect(try await other.perform(.deliveryContexts(for: next))[next[0].id]?.tickets["cmms"]?["issue_id"] == "4711")
            #expect(try await other.perform(.nextNotificationDue()) == 20)

            // A postponement never moves an entry earlier; a retry keeps its count.
            try await service.perform(.record([.postpone(id: pager.id, until: 50)]))
            #expect(try await other.perform(.notifications(for: Self.p1)).first { $0.id == pager.id }?.nextAttemptAt == 90)
            try await service.perform(.record([.postpone(id: pager.id, until: 120)]))
            let postponed = try #require(try await other.perform(.notifications(for: Self.p1)).first { $0.id == pager.id })
            #expect(postponed.nextAttemptAt == 120 && postponed.attempts == 1 && postponed.status == "retrying")

            // The pager gives up: a dead letter, its fallback is the console, under the key a direct notification would have.
            try await service.perform(.record([.dead(id: pager.id, at: 130, error: "gone"),
                                               .fallback(id: pager.id, receiver: "console", at: 130),
                                               .fallback(id: pager.id, receiver: "console", at: 131),
                                               .note(key: Self.p1, occurrence: 1, cause: .notificationDead, user: nil, comment: "pager", at: 130)]))
            #expect(try await other.perform(.deadLetters()).map(\.id) == [pager.id])
            #expect(try await other.perform(.outboxCount(deadOnly: true)) == 1)
            let all = try await other.perform(.notifications(for: Self.p1))
            let fallback = try #require(all.first { $0.receiver == "console" })
            #expect(fallback.idempotencyKey == "p1/temp-high/1/level-0/console" && fallback.fallbackOf == "pager")
            #expect(all.count == 5)
            #expect(try await other.perform(.journal(for: Self.p1)).last?.cause == .notificationDead)

            #expect(try await service.perform(.redeliver([], now: 200)) == 0)
            #expect(try await service.perform(.redeliver(nil, now: 200)) == 1)
            #expect(try await other.perform(.deadLetters()).isEmpty)
            #expect(try await service.perform(.redeliver([pager.id], now: 201)) == 0, "no longer dead")
        }
    }

    @Test(arguments: StoreKind.available)
    func remoteActionsWaitForConfirmation(_ kind: StoreKind) async throws {
        try await kind.withStores { stores in
            let store = stores[0]
            var engine = AlarmCore(settings: Self.settings)
            try await store.perform(.apply(batches: [engine.observe(.reading(asset: "p1", channel: "temp", value: 95), now: 10)]))
            let due = try await store.perform(.dueNotifications(now: 10))
            try await store.perform(.record(due.map { .awaitConfirmation(id: $0.id, at: 11) }))
            #expect(try await store.perform(.awaitingConfirmation()).count == 2)
            #expect(try await store.perform(.dueNotifications(now: 100)).isEmpty)

            let confirmed = try await store.perform(.confirmActions(Self.p1, receiver: "pager", user: "olga", comment: nil, now: 50))
            #expect(confirmed.map(\.receiver) == ["pager"])
            #expect(try await store.perform(.awaitingConfirmation()).map(\.receiver) == ["cmms"])
            let ready = try await store.perform(.dueNotifications(now: 50))
            #expect(ready.map(\.receiver) == ["pager"] && ready.first?.confirmedBy == "olga")
            let entry = try #require(try await store.perform(.journal(for: Self.p1)).last)
            #expect(entry.cause == .actionConfirmed && entry.user == "olga" && entry.comment == "pager")
            #expect(entry.from == .unacknowledged && entry.to == .unacknowledged)
            #expect(try await store.perform(.confirmActions(Self.p1, receiver: nil, user: "olga", comment: "both", now: 51)).count == 1)
            #expect(try await store.perform(.confirmActions(AlarmKey(asset: "p9", rule: "x"), receiver: nil, user: "olga",
                                                            comment: nil, now: 52)).isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func kpisComeFromTheJournalAndTheAlarms(_ kind: StoreKind) async throws {
        try await kind.withStores { stores in
            let store = stores[0]
            var engine = AlarmCore(settings: Self.settings)
            for (index, asset) in ["p1", "p2", "p3"].enumerated() {
                try await store.perform(.apply(batches: [engine.observe(.reading(asset: asset, channel: "temp", value: 95),
                                                                        now: 100 + Double(index))]))
            }
            let kpis = try await store.perform(.kpis(from: 0, to: 600, staleAfter: 86_400))
            #expect(kpis.activations == 3)
            #expect(kpis.priorities.first { $0.priority == "high" }?.count == 3)
            #expect(try await store.perform(.kpis(from: 200, to: 600, staleAfter: 86_400)).activations == 0)
        }
    }
}
