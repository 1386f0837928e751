import AlarmEngine
import AlarmStore
import Foundation
import Testing
import TestSupport

/// The store's behaviour, the same on a real SQLite file and a real PostgreSQL server.
@Suite("Store on SQLite and PostgreSQL")
struct StoreTests {
    static let policy = EscalationPolicy(name: "plant", levels: [.init(after: 0, receivers: ["console", "cmms"]),
                                                                  .init(after: 900, receivers: ["maintenance"])])
    static let settings = AlarmSettings(
        rules: [AlarmRule(name: "temp-high", channel: "temp", condition: .threshold(.above, limit: 90, deadband: 5),
                          priority: .high, escalation: "plant")],
        policies: ["plant": policy], chatter: nil, flood: nil)
    static let p1 = AlarmKey(asset: "p1", rule: "temp-high")
    static let p2 = AlarmKey(asset: "p2", rule: "temp-high")

    @Test(arguments: StoreKind.available)
    func engineStateSurvivesARestart(_ kind: StoreKind) async throws {
        try await kind.withStores(2) { stores in
            let (before, after) = (stores[0], stores[1])
            var now = 1_000.0
            var engine = AlarmCore(settings: Self.settings)
            try await before.perform(.apply(batches: [engine.observe(.reading(asset: "p1", channel: "temp", value: 95), now: now)]))
            try await before.perform(.apply(batches: [engine.observe(.reading(asset: "p2", channel: "temp", value: 99), now: now)]))
            try await before.perform(.apply(batches: [try engine.apply(.acknowledge(Self.p2, user: "ann", comment: "checking"),
                                                                       now: now + 5)]))
            #expect(try await after.perform(.count(.escalationTimer)) == 1) // p2 acknowledged: its escalation stopped
            #expect(try await after.perform(.dueEscalations(by: now + 900)).map(\.key) == [Self.p1])

            let restored = try await after.perform(.loadAlarms())
            #expect(restored.map(\.key.asset) == ["p1", "p2"])
            #expect(restored.map(\.state) == [.unacknowledged, .acknowledged])
            // Restart: the engine continues from the stored records; the overdue level fires once.
            var restarted = AlarmCore(settings: Self.settings, restoring: restored, now: now)
            now += 1000
            try await after.perform(.apply(batches: [restarted.tick(now: now)]))
            #expect(try await after.perform(.pendingNotifications()).map(\.idempotencyKey) == [
                "p1/temp-high/1/level-0/console", "p1/temp-high/1/level-0/cmms",
                "p2/temp-high/1/level-0/console", "p2/temp-high/1/level-0/cmms",
                "p2/temp-high/1/ack-2/console", "p2/temp-high/1/ack-2/cmms",
                "p1/temp-high/1/level-1/maintenance",
            ])
            // Journal with user and comment, oldest first; the whole journal in id order.
            let journal = try await after.perform(.journal(for: Self.p2))
            #expect(journal.map(\.cause) == [.conditionActive, .acknowledged])
            #expect(journal.last?.user == "ann" && journal.last?.comment == "checking")
            #expect(try await after.perform(.journal(for: Self.p2, limit: 1)).map(\.cause) == [.acknowledged])
            let all = try await after.perform(.journal(after: 0))
            #expect(all.map(\.entry.key) == [Self.p1, Self.p2, Self.p2, Self.p1]) // the last: p1's escalation
            #expect(try await after.perform(.journal(after: all[0].id)).count == 3)
            #expect(try await after.perform(.journal(from: now - 1000, to: now - 1000)).count == 2)
            let counts = try await after.perform(.alarmCounts())
            #expect(counts.map { "\($0.state) \($0.priority) \($0.count)" } == ["active_acknowledged high 1", "active_unacknowledged high 1"])
        }
    }

    @Test(arguments: StoreKind.available)
    func outboxKeepsOneRowPerIdempotencyKey(_ kind: StoreKind) async throws {
        try await kind.withStores { stores in
            var engine = AlarmCore(settings: Self.settings)
            let actions = engine.observe(.reading(asset: "p1", channel: "temp", value: 95), now: 1)
            try await stores[0].perform(.apply(batches: [actions]))
            try await stores[0].perform(.apply(batches: [actions.filter { if case .notify = $0 { true } else { false } }]))
            #expect(try await stores[0].perform(.count(.outbox)) == 2)
        }
    }

    @Test(arguments: StoreKind.available)
    func filtersAndOrdering(_ kind: StoreKind) async throws {
        try await kind.withStores { stores in
            let store = stores[0]
            let settings = AlarmSettings(rules: [
                AlarmRule(name: "hot", channel: "temp", condition: .threshold(.above, limit: 90, deadband: 1), priority: .high),
                AlarmRule(name: "warm", channel: "temp", condition: .threshold(.above, limit: 70, deadband: 1), priority: .low),
            ], chatter: nil, flood: nil)
            var engine = AlarmCore(settings: settings)
            try await store.perform(.apply(batches: [engine.observe(.reading(asset: "pump-1", channel: "temp", value: 95), now: 1)]))
            try await store.perform(.apply(batches: [engine.observe(.reading(asset: "fan-1", channel: "temp", value: 75), now: 2)]))
            try await store.perform(.apply(batches: [engine.observe(.reading(asset: "Pump.2", channel: "temp", value: 75), now: 3)]))
            #expect(try await store.perform(.alarms()).map(\.key.description) == ["pump-1/hot", "Pump.2/warm", "fan-1/warm", "pump-1/warm"])
            #expect(try await store.perform(.alarms(AlarmFilter(minimumRank: Priority.high.rank))).map(\.key.description) == ["pump-1/hot"])
            #expect(try await store.perform(.alarms(AlarmFilter(asset: "fan-*"))).map(\.key.description) == ["fan-1/warm"])
            // Patterns match case-sensitively, `?` one character, `.` itself.
            #expect(try await store.perform(.alarms(AlarmFilter(asset: "pump?1"))).map(\.key.description) == ["pump-1/hot", "pump-1/warm"])
            #expect(try await store.perform(.alarms(AlarmFilter(asset: "Pump.*"))).map(\.key.description) == ["Pump.2/warm"])
            #expect(try await store.perform(.alarms(AlarmFilter(asset: "[fP]*"))).map(\.key.description) == ["Pump.2/warm", "fan-1/warm"])
            #expect(try await store.perform(.alarms(AlarmFilter(asset: "pump.*"))).isEmpty)
            #expect(try await store.perform(.alarms(AlarmFilter(states: [.acknowledged]))).isEmpty)
            #expect(try await store.perform(.alarms(AlarmFilter(states: [.acknowledged, .unacknowledged]))).count == 4)
            #expect(try await store.perform(.alarms(AlarmFilter(limit: 1, offset: 1))).map(\.key.description) == ["Pump.2/warm"])
            #expect(try await store.perform(.alarm(AlarmKey(asset: "fan-1", rule: "warm")))?.state == .unacknowledged)
            #expect(try await store.perform(.alarm(AlarmKey(asset: "fan-2", rule: "warm"))) == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func aBatchIsAllOrNothing(_ kind: StoreKind) async throws {
        try await kind.withStores { stores in
            let store = stores[0]
            let orphan = AlarmTransition(key: AlarmKey(asset: "ghost", rule: "none"), occurrence: 1, time: 1, from: .normal,
                                         to: .unacknowledged, cause: .conditionActive, priority: .low)
            var engine = AlarmCore(settings: Self.settings)
            let good = engine.observe(.reading(asset: "p1", channel: "temp", value: 95), now: 1)
            // A journal entry of an alarm that is never saved breaks the foreign key at commit: nothing is written.
            await #expect(throws: StoreError.self) { try await store.perform(.apply(batches: [good, [.journal(orphan)]])) }
            #expect(try await store.perform(.count(.journal)) == 0)
            #expect(try await store.perform(.count(.alarm)) == 0)
            #expect(try await store.perform(.count(.outbox)) == 0)
            // And the store takes the next batch.
            try await store.perform(.apply(batches: [good]))
            #expect(try await store.perform(.count(.alarm)) == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func featuresAreRecordedReplacedPrunedAndRead(_ kind: StoreKind) async throws {
        try await kind.withStores { stores in
            let store = stores[0]
            func row(_ asset: String, _ channel: String, _ bucket: Double, _ mean: Double) -> FeatureRow {
                .init(asset: asset, channel: channel, bucket: bucket, count: 1, mean: mean, minimum: mean, maximum: mean, last: mean)
            }
            try await store.perform(.record([row("pump-1", "temp", 0, 50), row("pump-1", "vib", 0, 2), row("pump-1", "temp", 60, 51),
                                             row("fan-1", "temp", 0, 40)]))
            try await store.perform(.record([row("pump-1", "temp", 60, 52)])) // the same bucket again replaces it
            #expect(try await store.perform(.features(asset: "pump-*")).map(\.mean) == [50, 2, 52])
            #expect(try await store.perform(.pruneFeatures(before: 60)) == 3)
            #expect(try await store.perform(.features()).map(\.asset) == ["pump-1"])
        }
    }

    @Test("prognoses are saved per asset, replaced by the next save, read back byte for byte", arguments: StoreKind.available)
    func prognosesSaveReplaceRead(_ kind: StoreKind) async throws {
        try await kind.withStores(2) { stores in
            try await stores[0].perform(.save([
                .init(asset: "pump-1", model: "m", modelVersion: 1, state: [1, 2, 3], savedAt: 10),
                .init(asset: "pump-2", model: "m", modelVersion: 1, state: [0, 255], savedAt: 10),
            ]))
            try await stores[0].perform(.save([.init(asset: "pump-1", model: "m", modelVersion: 2, state: [9], savedAt: 20)]))
            #expect(try await stores[1].perform(.prognoses()) == [
                .init(asset: "pump-1", model: "m", modelVersion: 2, state: [9], savedAt: 20),
                .init(asset: "pump-2", model: "m", modelVersion: 1, state: [0, 255], savedAt: 10),
            ])
        }
    }

    @Test("the command queue and the heartbeat", arguments: StoreKind.available)
    func commandsAndHeartbeat(_ kind: StoreKind) async throws {
        try await kind.withStores(2) { stores in
            let (cli, service) = (stores[0], stores[1])
            let first = try await cli.perform(.enqueue(.acknowledge(Self.p1, user: "ann", comment: nil), now: 5))
            let second = try await cli.perform(.enqueue(.shelve(Self.p2, user: "bob", until: 99, reason: "valve work"), now: 6))
            #expect(second > first)
            #expect(try await service.perform(.pendingCommands()).map(\.id) == [first, second])
            #expect(try await service.perform(.pendingCommands()).first?.command == .acknowledge(Self.p1, user: "ann", comment: nil))
            try await service.perform(.complete(first, status: .refused, result: "no alarm p1/temp-high", now: 7))
            #expect(try await cli.perform(.pendingCommands()).map(\.id) == [second])
            let done = try #require(try await cli.perform(.command(first)))
            #expect(done.status == .refused && done.result == "no alarm p1/temp-high")
            #expect(try await cli.perform(.command(first + second + 100)) == nil)

            #expect(try await cli.perform(.heartbeat()) == nil)
            try await service.perform(.beat(pid: 4242, now: 10))
            try await service.perform(.beat(pid: 4242, now: 11))
            let beat = try #require(try await cli.perform(.heartbeat()))
            #expect(beat.pid == 4242 && beat.at == 11)
            try await service.perform(.clearHeartbeat())
            #expect(try await cli.perform(.heartbeat()) == nil)
        }
    }
}

extension StoreTests {
    /// One status for a command everywhere; the queue written by earlier versions still reads.
    @Test func commandStatusesReadTheirStoredSpelling() {
        #expect(CommandStatus(stored: "done") == .applied, "how earlier versions wrote applied")
        for status in CommandStatus.allCases { #expect(CommandStatus(stored: status.rawValue) == status) }
        #expect(CommandStatus(stored: "exploded") == nil)
    }

    /// SQLite's own check of the file after the writes above.
    @Test func sqliteFileIsSound() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-sound-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let database = try AlarmDatabase(path: path)
        var engine = AlarmCore(settings: Self.settings)
        try database.apply(engine.observe(.reading(asset: "p1", channel: "temp", value: 95), now: 1))
        #expect(try database.integrityCheck() == "ok")
        #expect(throws: StoreError.self) { try database.count("sqlite_master; DROP TABLE alarm") }
    }
}
