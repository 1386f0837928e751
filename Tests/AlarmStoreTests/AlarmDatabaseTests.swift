import AlarmEngine
import AlarmStore
import Foundation
import Testing

@Suite("Alarm database on a real SQLite file")
struct AlarmDatabaseTests {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-alarms-\(UUID().uuidString).sqlite").path
    }

    static let policy = EscalationPolicy(name: "plant", levels: [.init(after: 0, receivers: ["console", "cmms"]),
                                                                  .init(after: 900, receivers: ["maintenance"])])
    static let settings = AlarmSettings(
        rules: [AlarmRule(name: "temp-high", channel: "temp", condition: .threshold(.above, limit: 90, deadband: 5),
                          priority: .high, escalation: "plant")],
        policies: ["plant": policy], chatter: nil, flood: nil)

    func removeFiles() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    @Test func engineStateSurvivesAReopen() throws {
        defer { removeFiles() }
        var now = 1_000.0
        do {
            let database = try AlarmDatabase(path: path)
            var engine = AlarmCore(settings: Self.settings)
            try database.apply(engine.observe(.reading(asset: "p1", channel: "temp", value: 95), now: now))
            try database.apply(engine.observe(.reading(asset: "p2", channel: "temp", value: 99), now: now))
            try database.apply(try engine.apply(.acknowledge(AlarmKey(asset: "p2", rule: "temp-high"), user: "ann",
                                                             comment: "checking"), now: now + 5))
            #expect(try database.count("escalation_timer") == 1) // p2 acknowledged: its escalation stopped
        }
        let database = try AlarmDatabase(path: path)
        let restored = try database.loadAlarms()
        #expect(restored.map(\.key.asset) == ["p1", "p2"])
        #expect(restored.map(\.state) == [.unacknowledged, .acknowledged])
        // Restart: the engine continues from the stored records; the overdue level fires once.
        var engine = AlarmCore(settings: Self.settings, restoring: restored, now: now)
        now += 1000
        let actions = engine.tick(now: now)
        try database.apply(actions)
        let pending = try database.pendingNotifications()
        #expect(pending.map(\.idempotencyKey) == [
            "p1/temp-high/1/level-0/console", "p1/temp-high/1/level-0/cmms",
            "p2/temp-high/1/level-0/console", "p2/temp-high/1/level-0/cmms",
            "p2/temp-high/1/ack-2/console", "p2/temp-high/1/ack-2/cmms",
            "p1/temp-high/1/level-1/maintenance",
        ])
        // Journal with user and comment, oldest first.
        let journal = try database.journal(for: AlarmKey(asset: "p2", rule: "temp-high"))
        #expect(journal.map(\.cause) == [.conditionActive, .acknowledged])
        #expect(journal.last?.user == "ann" && journal.last?.comment == "checking")
        #expect(try database.integrityCheck() == "ok")
    }

    @Test func outboxKeepsOneRowPerIdempotencyKey() throws {
        defer { removeFiles() }
        let database = try AlarmDatabase(path: path)
        var engine = AlarmCore(settings: Self.settings)
        let actions = engine.observe(.reading(asset: "p1", channel: "temp", value: 95), now: 1)
        try database.apply(actions)
        try database.apply(actions.filter { if case .notify = $0 { true } else { false } })
        #expect(try database.count("outbox") == 2)
    }

    @Test func filtersAndOrdering() throws {
        defer { removeFiles() }
        let database = try AlarmDatabase(path: path)
        let settings = AlarmSettings(rules: [
            AlarmRule(name: "hot", channel: "temp", condition: .threshold(.above, limit: 90, deadband: 1), priority: .high),
            AlarmRule(name: "warm", channel: "temp", condition: .threshold(.above, limit: 70, deadband: 1), priority: .low),
        ], chatter: nil, flood: nil)
        var engine = AlarmCore(settings: settings)
        try database.apply(engine.observe(.reading(asset: "pump-1", channel: "temp", value: 95), now: 1))
        try database.apply(engine.observe(.reading(asset: "fan-1", channel: "temp", value: 75), now: 2))
        #expect(try database.alarms().map(\.key.description) == ["pump-1/hot", "fan-1/warm", "pump-1/warm"])
        #expect(try database.alarms(AlarmFilter(minimumRank: Priority.high.rank)).map(\.key.description) == ["pump-1/hot"])
        #expect(try database.alarms(AlarmFilter(asset: "fan-*")).map(\.key.description) == ["fan-1/warm"])
        #expect(try database.alarms(AlarmFilter(states: [.acknowledged])).isEmpty)
        #expect(try database.alarms(AlarmFilter(limit: 1, offset: 1)).map(\.key.description) == ["fan-1/warm"])
    }

    @Test func aBatchIsAllOrNothing() throws {
        defer { removeFiles() }
        let database = try AlarmDatabase(path: path)
        let orphan = AlarmTransition(key: AlarmKey(asset: "ghost", rule: "none"), occurrence: 1, time: 1, from: .normal,
                                     to: .unacknowledged, cause: .conditionActive, priority: .low)
        var engine = AlarmCore(settings: Self.settings)
        let good = engine.observe(.reading(asset: "p1", channel: "temp", value: 95), now: 1)
        // A journal entry of an alarm that is never saved breaks the foreign key at commit: nothing is written.
        #expect(throws: StoreError.self) { try database.apply(batches: [good, [.journal(orphan)]]) }
        #expect(try database.count("journal") == 0)
        #expect(try database.count("alarm") == 0)
        #expect(try database.count("outbox") == 0)
    }
}

extension AlarmDatabaseTests {
    /// One status for a command everywhere; the queue written by earlier versions still reads.
    @Test func commandStatusesReadTheirStoredSpelling() {
        #expect(CommandStatus(stored: "done") == .applied, "how earlier versions wrote applied")
        for status in CommandStatus.allCases { #expect(CommandStatus(stored: status.rawValue) == status) }
        #expect(CommandStatus(stored: "exploded") == nil)
    }
}
