@testable import AlarmEngine
import Testing

@Suite("Escalation, chattering, floods, inhibition, restart")
struct NuisanceAndEscalationTests {
    static let policy = EscalationPolicy(name: "plant", levels: [
        .init(after: 0, receivers: ["console"]),
        .init(after: 900, receivers: ["shift-lead"]),
        .init(after: 3600, receivers: ["maintenance"]),
    ], repeatCount: 2, repeatInterval: 1800, reminder: 4 * 3600)

    static func settings(chatter: AlarmSettings.Chatter? = nil, flood: AlarmSettings.Flood? = nil,
                         sensorHealth: Bool = false) -> AlarmSettings {
        var rules: [AlarmRule] = [.high(escalation: "plant"),
                                  .high("vib-high", channel: "vib", limit: 7, deadband: 0.5, priority: .low, escalation: "plant")]
        if sensorHealth {
            rules.append(AlarmRule(name: "temp-silent", channel: "temp", condition: .noData(seconds: 60), priority: .low))
        }
        return AlarmSettings(rules: rules, policies: ["plant": policy], chatter: chatter, flood: flood)
    }

    @Test func levelsFireOnTimeAndStopOnAcknowledgement() throws {
        var engine = EngineHarness(Self.settings())
        engine.read("p1", "temp", 95)
        #expect(engine.notifications.map { "\($0.kind.rawValue):\($0.receivers)" } == [#"raised:["console"]"#])
        engine.advance(899)
        #expect(engine.notifications.count == 1)
        engine.advance(1)
        #expect(engine.notifications.last?.kind == .escalated && engine.notifications.last?.receivers == ["shift-lead"])
        try engine.command(.acknowledge(AlarmKey(asset: "p1", rule: "temp-high"), user: "ann", comment: nil))
        #expect(engine.notifications.last?.kind == .acknowledged)
        #expect(engine.notifications.last?.receivers == ["console", "shift-lead"])
        engine.advance(3 * 3600)
        #expect(!engine.notifications.contains { $0.receivers == ["maintenance"] }, "acknowledged: no further level")
        engine.advance(3600) // four hours after the acknowledgement, still active: a reminder
        #expect(engine.notifications.last?.kind == .reminder)
        engine.read("p1", "temp", 70)
        #expect(engine.notifications.last?.kind == .cleared)
        let keys = engine.notifications.map(\.idempotencyKey)
        #expect(Set(keys).count == keys.count)
        #expect(keys.first == "p1/temp-high/1/level-0")
    }

    @Test func repeatsAfterTheLastLevel() {
        var engine = EngineHarness(Self.settings())
        engine.read("p1", "temp", 95)
        engine.advance(3600)
        engine.advance(1800)
        engine.advance(1800)
        engine.advance(1800)
        #expect(engine.notifications.map(\.kind) == [.raised, .escalated, .escalated, .repeated, .repeated])
        #expect(engine.core.alarm(AlarmKey(asset: "p1", rule: "temp-high"))?.escalation?.due == nil)
    }

    @Test func afterARestartOverdueStepsFireOnceAndNoneIsSkipped() throws {
        var engine = EngineHarness(Self.settings())
        engine.read("p1", "temp", 95)
        engine.advance(10)
        let saved = engine.core.alarms
        // Down for two hours; then the engine is rebuilt from the stored records.
        var restarted = EngineHarness(Self.settings(), restoring: saved)
        restarted.now = engine.now + 7200
        restarted.advance(0)
        // Due while down: level 1 at 900 s, level 2 at 3600 s, repeats at 5400 s and 7200 s.
        #expect(restarted.notifications.map(\.idempotencyKey) == ["p1/temp-high/1/level-1", "p1/temp-high/1/level-2",
                                                                   "p1/temp-high/1/repeat-1", "p1/temp-high/1/repeat-2"])
        restarted.clear()
        restarted.advance(0)
        #expect(restarted.notifications.isEmpty)
        // The condition state survived too: a clear reading clears the restored alarm.
        restarted.read("p1", "temp", 60)
        #expect(restarted.state("p1", "temp-high") == .returnedUnacknowledged)
    }

    @Test func policyIsFrozenWhenTheAlarmIsRaised() {
        var engine = EngineHarness(Self.settings())
        engine.read("p1", "temp", 95)
        let saved = engine.core.alarms
        var changed = Self.settings()
        changed.policies["plant"] = EscalationPolicy(name: "plant", levels: [.init(after: 0, receivers: ["someone-else"])])
        var restarted = EngineHarness(changed, restoring: saved)
        restarted.now = engine.now + 900
        restarted.advance(0)
        #expect(restarted.notifications.map(\.receivers) == [["shift-lead"]])
        #expect(saved.first?.escalation?.policyVersion == Self.policy.version)
        #expect(Self.policy.version != changed.policies["plant"]?.version)
    }

    @Test func chatteringAlarmIsShelvedWithAnAuditEntry() {
        var engine = EngineHarness(Self.settings(chatter: .init(transitions: 6, window: 60, shelve: 3600)))
        for second in 0..<6 {
            engine.read("p1", "temp", second.isMultiple(of: 2) ? 95 : 80)
            engine.advance(5)
        }
        #expect(engine.state("p1", "temp-high") == .shelved)
        let audit = engine.journal.first { $0.cause == .chattering }
        #expect(audit?.user == "pdm" && audit?.comment?.hasPrefix("chattering: 6 transitions") == true)
        engine.advance(3600)
        #expect(engine.state("p1", "temp-high") != .shelved)
    }

    @Test func floodHoldsLowPriorityAlarmsAndRaisesOneSummary() {
        var engine = EngineHarness(Self.settings(flood: .init(alarms: 10, window: 600, hold: .low, receivers: ["control-room"])))
        for asset in 0..<12 {
            engine.read("p\(asset)", "vib", 8) // low priority
            engine.advance(10)
        }
        let summary = engine.core.alarm(AlarmKey(asset: "plant", rule: AlarmCore.floodRule))
        #expect(summary?.conditionActive == true)
        #expect(engine.notifications.filter { $0.kind == .flood }.count == 1)
        // The first ones were notified before the flood; the later ones are held.
        let raised = engine.notifications.filter { $0.kind == .raised }.map(\.key.asset)
        #expect(raised.count < 12)
        #expect(engine.core.alarms.filter(\.held).count == 12 - raised.count)
        // A high-priority alarm is not held.
        engine.read("p0", "temp", 95)
        #expect(engine.notifications.last?.key.rule == "temp-high")
        engine.advance(600)
        #expect(engine.core.alarm(AlarmKey(asset: "plant", rule: AlarmCore.floodRule))?.conditionActive == false)
        #expect(engine.core.alarms.filter(\.held).isEmpty)
        #expect(Set(engine.notifications.filter { $0.kind == .raised && $0.key.rule == "vib-high" }.map(\.key.asset)).count == 12)
        #expect(engine.notifications.contains { $0.kind == .floodEnded })
    }

    @Test func aFloodOutlivesARestartUntilItsAlarmsLeaveTheWindow() {
        let settings = Self.settings(flood: .init(alarms: 10, window: 600, hold: .low, receivers: ["control-room"]))
        var engine = EngineHarness(settings)
        for asset in 0..<12 {
            engine.read("p\(asset)", "vib", 8)
            engine.advance(10)
        }
        #expect(engine.core.alarm(AlarmKey(asset: "plant", rule: AlarmCore.floodRule))?.conditionActive == true)
        // Restarted (or taken over by a standby) from the stored records, a second later.
        var restored = EngineHarness(settings, restoring: engine.core.alarms, now: engine.now + 1)
        restored.advance(1)
        #expect(restored.path(AlarmCore.floodRule).isEmpty, "the flood goes on: \(restored.path(AlarmCore.floodRule))")
        #expect(restored.core.alarms.filter(\.held).count == engine.core.alarms.filter(\.held).count)
        // It ends when the alarms that made it have left the window, as it would have without the restart.
        restored.advance(600)
        #expect(restored.path(AlarmCore.floodRule).last?.hasSuffix(":flood_ended") == true)
        #expect(restored.core.alarms.filter(\.held).isEmpty)
    }

    @Test func sensorHealthAlarmInhibitsItsChannel() {
        var engine = EngineHarness(Self.settings(sensorHealth: true))
        engine.read("p1", "temp", 95)
        engine.advance(60)
        #expect(engine.state("p1", "temp-silent") == .unacknowledged)
        #expect(engine.state("p1", "temp-high") == .suppressed)
        #expect(engine.path("temp-high").last == "active_unacknowledged>suppressed:inhibited")
        engine.read("p1", "temp", 96)
        #expect(engine.state("p1", "temp-high") == .unacknowledged)
        #expect(engine.path("temp-high").last == "suppressed>active_unacknowledged:released")
    }
}
