@testable import AlarmEngine
import Testing

@Suite("Communication lost")
struct CommunicationLostTests {
    static let lost = AlarmRule(name: "comm-lost", channel: nil, condition: .communicationLost, priority: .high,
                                message: "edge node gone")
    static let settings = AlarmSettings(rules: [.high(), .high("vib-high", channel: "vib", limit: 7, deadband: 0.5), lost],
                                        chatter: nil, flood: nil)

    @Test func aLossRaisesItsOwnAlarmAndNeitherClearsNorRaisesTheValueAlarms() {
        var engine = EngineHarness(Self.settings)
        engine.read("p1", "temp", 95)
        #expect(engine.state("p1", "temp-high") == .unacknowledged)
        engine.clear()
        engine.actions += engine.core.observe(.communicationLost(asset: "p1"), now: engine.now)
        #expect(engine.state("p1", "comm-lost") == .unacknowledged)
        #expect(engine.core.alarm(AlarmKey(asset: "p1", rule: "temp-high"))?.conditionActive == true,
                "the value alarm is not cleared by the loss")
        #expect(engine.state("p1", "temp-high") == .suppressed, "it is inhibited while the values are stale")
        #expect(engine.path("temp-high").allSatisfy { $0.hasSuffix(":inhibited") })
        #expect(engine.notifications.filter { $0.key.rule == "temp-high" && $0.kind == .cleared }.isEmpty)
        // Time alone changes nothing.
        engine.advance(3600)
        #expect(engine.state("p1", "comm-lost") == .unacknowledged)
        // Fresh data: the loss clears, the value alarm is released with its condition as it was.
        engine.actions += engine.core.observe(.communicationRestored(asset: "p1"), now: engine.now)
        #expect(engine.core.alarm(AlarmKey(asset: "p1", rule: "comm-lost"))?.conditionActive == false)
        #expect(engine.state("p1", "temp-high") == .unacknowledged)
        engine.read("p1", "temp", 80)
        #expect(engine.state("p1", "temp-high") == .returnedUnacknowledged, "fresh values judge it again")
    }

    @Test func otherAssetsAreNotTouched() {
        var engine = EngineHarness(Self.settings)
        engine.read("p2", "temp", 95)
        engine.actions += engine.core.observe(.communicationLost(asset: "p1"), now: engine.now)
        #expect(engine.state("p2", "temp-high") == .unacknowledged)
        #expect(engine.state("p2", "comm-lost") == nil)
    }

    @Test func anActiveLossStillInhibitsAfterARestart() {
        var engine = EngineHarness(Self.settings)
        engine.read("p1", "temp", 95)
        engine.actions += engine.core.observe(.communicationLost(asset: "p1"), now: engine.now)
        let stored = [engine.core.alarm(AlarmKey(asset: "p1", rule: "temp-high")), engine.core.alarm(AlarmKey(asset: "p1", rule: "comm-lost"))]
            .compactMap { $0 }
        var restarted = EngineHarness(Self.settings, restoring: stored, now: engine.now + 10)
        restarted.actions += restarted.core.observe(.communicationRestored(asset: "p1"), now: restarted.now)
        #expect(restarted.path("temp-high").contains { $0.hasSuffix(":released") }, "the restored loss held the inhibition")
    }
}
