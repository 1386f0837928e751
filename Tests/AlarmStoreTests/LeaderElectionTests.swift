import AlarmEngine
import AlarmStore
import Foundation
import PostgresStore
import Testing
import TestSupport

/// The election's decisions on a test clock: when a leader stops acting, and why.
@Suite("Leader election decisions")
struct LeaderElectionDecisionTests {
    typealias Machine = LeaderElection.StateMachine<ContinuousClock.Instant>
    let lease = ShardLease(shard: "north", holder: "a", epoch: 3)
    let start = ContinuousClock.now

    @Test func leaderStopsAQuarterBeforeTheDatabaseExpiry() {
        var machine = Machine(lease: .seconds(4))
        machine.acquired(lease, requestedAt: start)
        #expect(machine.deadline == start.advanced(by: .seconds(3)))
        #expect(machine.check(now: start.advanced(by: .milliseconds(2999))) == nil)
        #expect(machine.check(now: start.advanced(by: .seconds(3))) == .expired)
        // Once stepping down, the reason stays.
        #expect(machine.check(now: start.advanced(by: .seconds(3))) == .expired)
        machine.stepped()
        #expect(machine.deadline == nil)
    }

    @Test func renewalsExtendFromWhenTheyWereSent() {
        var machine = Machine(lease: .seconds(3))
        machine.acquired(lease, requestedAt: start)
        machine.renewed(requestedAt: start.advanced(by: .seconds(1)))
        #expect(machine.deadline == start.advanced(by: .milliseconds(3250)))
        // A late answer to an older renewal never shortens the term.
        machine.renewed(requestedAt: start.advanced(by: .milliseconds(500)))
        #expect(machine.deadline == start.advanced(by: .milliseconds(3250)))
        #expect(machine.renewalInterval == .seconds(1))
    }

    @Test func aRefusedRenewalEndsTheTermAtOnce() {
        var machine = Machine(lease: .seconds(4))
        machine.acquired(lease, requestedAt: start)
        #expect(machine.check(now: start, refused: true, termEnded: true) == .lost)
    }

    @Test func servicesStoppingOrShutdownEndTheTerm() {
        var machine = Machine(lease: .seconds(4))
        machine.acquired(lease, requestedAt: start)
        #expect(machine.check(now: start, termEnded: true) == .termEnded)
        var other = Machine(lease: .seconds(4))
        other.acquired(lease, requestedAt: start)
        #expect(other.check(now: start, shuttingDown: true) == .shutdown)
        #expect(Machine(lease: .seconds(60)).pollInterval == .seconds(1))
        #expect(Machine(lease: .seconds(1)).pollInterval == .milliseconds(125))
    }
}

/// Leases and fencing on a real PostgreSQL server.
@Suite("Shard leases on PostgreSQL", .enabled(if: PostgresServer.available, "needs PostgreSQL (apt-get install -y postgresql)"))
struct ShardLeaseTests {
    static let settings = AlarmSettings(
        rules: [AlarmRule(name: "temp-high", channel: "temp", condition: .threshold(.above, limit: 90, deadband: 5),
                          priority: .high)],
        policies: [:], chatter: nil, flood: nil)

    @Test func oneHolderAtATimeAndTakeoverOnlyAfterExpiry() async throws {
        try await StoreKind.postgres.withStores(2) { stores in
            let (a, b) = try (#require(stores[0] as? PostgresStore), #require(stores[1] as? PostgresStore))
            // Both connections open before the lease clock starts: a lease operation waits at most
            // its lease, and connecting on a loaded machine can take longer than a short lease.
            _ = try await (a.perform(.count(.alarm)), b.perform(.count(.alarm)))
            let first = try #require(try await a.acquireLease(shard: "north", holder: "a", seconds: 3))
            #expect(first.epoch == 1)
            #expect(try await b.acquireLease(shard: "north", holder: "b", seconds: 3) == nil, "a live lease is not taken")
            #expect(try await b.acquireLease(shard: "south", holder: "b", seconds: 3)?.epoch == 1, "each shard has its own")
            #expect(try await a.renewLease(first, seconds: 3))
            // Expired: the standby takes it in the next term; the old holder's renewal is refused.
            try await Task.sleep(for: .milliseconds(3100))
            let second = try #require(try await b.acquireLease(shard: "north", holder: "b", seconds: 30))
            #expect(second.epoch == 2)
            #expect(try await a.renewLease(first, seconds: 3) == false)
            // Released: taken at once.
            try await b.releaseLease(second)
            #expect(try await a.acquireLease(shard: "north", holder: "a", seconds: 30)?.epoch == 3)
            let leases = try await a.leases()
            #expect(leases.map(\.lease.shard) == ["north", "south"])
            #expect(leases[0].lease.holder == "a" && leases[0].secondsLeft > 20)
        }
    }

    @Test func writesOfAnEndedTermAreRefusedWholeAndJournalEntriesCarryTheirTerm() async throws {
        try await StoreKind.postgres.withStores(2) { stores in
            let (a, b) = try (#require(stores[0] as? PostgresStore), #require(stores[1] as? PostgresStore))
            let old = try #require(try await a.acquireLease(shard: "north", holder: "a", seconds: 30))
            let leader = FencedStore(store: a, lease: old)
            var engine = AlarmCore(settings: Self.settings)
            try await leader.perform(.apply(batches: [engine.observe(.reading(asset: "p1", channel: "temp", value: 95), now: 10)]))
            // The shard passes to b (a released it, as at a step-down).
            try await a.releaseLease(old)
            let new = try #require(try await b.acquireLease(shard: "north", holder: "b", seconds: 30))
            let late = engine.observe(.reading(asset: "p2", channel: "temp", value: 95), now: 11)
            await #expect {
                try await leader.perform(.apply(batches: [late]))
            } throws: { error in
                (error as? StoreError)?.kind == .leaseLost && "\(error)".contains("no longer led by a in term 1")
            }
            #expect(try await b.perform(.count(.alarm)) == 1, "nothing of the fenced write was kept")
            let successor = FencedStore(store: b, lease: new)
            try await successor.perform(.apply(batches: [late]))
            #expect(try await b.perform(.loadAlarms(shard: "north")).map(\.key.asset) == ["p1", "p2"])
            #expect(try await b.perform(.loadAlarms(shard: "south")).isEmpty)
            #expect(try await b.perform(.loadAlarms()).count == 2)
            #expect(successor.shard == "north" && b.shard == nil)
            let terms = try await b.perform(StoreOperation<[Int64?]>.read("terms", { _ in
                StoreStatement("SELECT term FROM journal ORDER BY id")
            }, rows: { try $0.map { try $0["term"] } }))
            #expect(terms == [1, 2])
            // Reads are not fenced: the old leader still reads, as every instance does.
            #expect(try await leader.perform(.count(.alarm)) == 2)
        }
    }

    @Test func queuedCommandsGoToTheShardOfTheirAlarm() async throws {
        try await StoreKind.postgres.withStores(1) { stores in
            let store = try #require(stores[0] as? PostgresStore)
            let north = FencedStore(store: store, lease: try #require(try await store.acquireLease(shard: "north", holder: "a", seconds: 30)))
            var engine = AlarmCore(settings: Self.settings)
            try await north.perform(.apply(batches: [engine.observe(.reading(asset: "p1", channel: "temp", value: 95), now: 10)]))
            let known = try await store.perform(.enqueue(.acknowledge(AlarmKey(asset: "p1", rule: "temp-high"), user: "ann", comment: nil), now: 11))
            let unknown = try await store.perform(.enqueue(.acknowledge(AlarmKey(asset: "zz", rule: "temp-high"), user: "ann", comment: nil), now: 12))
            #expect(try await store.perform(.pendingCommands(shard: "north")).map(\.id) == [known, unknown])
            #expect(try await store.perform(.pendingCommands(shard: "south")).map(\.id) == [unknown], "an unknown alarm: any leader refuses it")
            #expect(try await store.perform(.pendingCommands()).count == 2)
            let due = try await store.perform(.dueNotifications(now: 100, shard: "south"))
            #expect(due.isEmpty)
        }
    }
}
