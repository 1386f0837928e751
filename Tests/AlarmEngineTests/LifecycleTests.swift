@testable import AlarmEngine
import Testing

@Suite("ISA-18.2 lifecycle")
struct LifecycleTests {
    static let settings = AlarmSettings(rules: [.high(), .high("temp-latched", latched: true)], chatter: nil, flood: nil)

    @Test func raiseAcknowledgeClear() throws {
        var engine = EngineHarness(Self.settings)
        engine.read("p1", "temp", 80)
        #expect(engine.state("p1", "temp-high") == nil, "no alarm record before the condition is ever active")
        engine.read("p1", "temp", 95)
        #expect(engine.state("p1", "temp-high") == .unacknowledged)
        engine.read("p1", "temp", 97) // repeated trigger: the same alarm, no new entry
        #expect(engine.path("temp-high") == ["normal>active_unacknowledged:condition_active"])
        try engine.command(.acknowledge(AlarmKey(asset: "p1", rule: "temp-high"), user: "ann", comment: "on it"))
        #expect(engine.state("p1", "temp-high") == .acknowledged)
        engine.read("p1", "temp", 87) // inside the limit but not the deadband
        #expect(engine.state("p1", "temp-high") == .acknowledged)
        engine.read("p1", "temp", 85)
        #expect(engine.state("p1", "temp-high") == .normal)
        #expect(engine.path("temp-high") == [
            "normal>active_unacknowledged:condition_active",
            "active_unacknowledged>active_acknowledged:acknowledged",
            "active_acknowledged>normal:condition_cleared",
        ])
        let ack = try #require(engine.journal.first { $0.cause == .acknowledged })
        #expect(ack.user == "ann" && ack.comment == "on it" && ack.time == engine.now)
    }

    @Test func returnToNormalUnacknowledgedThenAcknowledged() throws {
        var engine = EngineHarness(Self.settings)
        engine.read("p1", "temp", 95)
        engine.read("p1", "temp", 70)
        #expect(engine.state("p1", "temp-high") == .returnedUnacknowledged)
        // Active again before anyone acknowledged: the same occurrence.
        engine.read("p1", "temp", 96)
        #expect(engine.core.alarm(AlarmKey(asset: "p1", rule: "temp-high"))?.occurrence == 1)
        engine.read("p1", "temp", 70)
        try engine.command(.acknowledge(AlarmKey(asset: "p1", rule: "temp-high"), user: "ann", comment: nil))
        #expect(engine.state("p1", "temp-high") == .normal)
        engine.read("p1", "temp", 96)
        #expect(engine.core.alarm(AlarmKey(asset: "p1", rule: "temp-high"))?.occurrence == 2)
        #expect(throws: AlarmCommandError.notApplicable(AlarmKey(asset: "p1", rule: "temp-high"), command: "acknowledge",
                                                        state: .acknowledged)) {
            try engine.command(.acknowledge(AlarmKey(asset: "p1", rule: "temp-high"), user: "ann", comment: nil))
            try engine.command(.acknowledge(AlarmKey(asset: "p1", rule: "temp-high"), user: "bob", comment: nil))
        }
    }

    @Test func latchedAlarmNeedsAReset() throws {
        var engine = EngineHarness(Self.settings)
        let key = AlarmKey(asset: "p1", rule: "temp-latched")
        engine.read("p1", "temp", 95)
        #expect(throws: AlarmCommandError.notApplicable(key, command: "reset", state: .unacknowledged)) {
            try engine.command(.reset(key, user: "ann", comment: nil))
        }
        try engine.command(.acknowledge(key, user: "ann", comment: nil))
        engine.read("p1", "temp", 70)
        #expect(engine.state("p1", "temp-latched") == .latched)
        try engine.command(.reset(key, user: "ann", comment: "bearing checked"))
        #expect(engine.state("p1", "temp-latched") == .normal)
        #expect(engine.path("temp-latched").last == "latched>normal:reset")
    }

    @Test func shelvingOneShotAndTimed() throws {
        var engine = EngineHarness(Self.settings)
        let key = AlarmKey(asset: "p1", rule: "temp-high")
        engine.read("p1", "temp", 95)
        try engine.command(.shelve(key, user: "ann", until: nil, reason: "known sensor issue"))
        #expect(engine.state("p1", "temp-high") == .shelved)
        engine.read("p1", "temp", 70) // the one-shot shelf ends when the condition clears
        #expect(engine.core.alarm(key)?.shelf == nil)
        #expect(engine.state("p1", "temp-high") == .returnedUnacknowledged)

        engine.read("p1", "temp", 95)
        try engine.command(.shelve(key, user: "ann", until: engine.now + 600, reason: "valve work"))
        engine.advance(599)
        #expect(engine.state("p1", "temp-high") == .shelved)
        engine.advance(1)
        #expect(engine.state("p1", "temp-high") == .unacknowledged)
        #expect(engine.path("temp-high").last == "shelved>active_unacknowledged:shelf_expired")
        #expect(throws: AlarmCommandError.shelveTooLong(key, requested: 9 * 3600, maximum: 8 * 3600)) {
            try engine.command(.shelve(key, user: "ann", until: engine.now + 9 * 3600, reason: "too long"))
        }
        try engine.command(.shelve(key, user: "ann", until: engine.now + 60, reason: "x"))
        try engine.command(.unshelve(key, user: "bob", comment: "needed"))
        #expect(engine.state("p1", "temp-high") == .unacknowledged)
    }

    @Test func outOfServiceAndComments() throws {
        var engine = EngineHarness(Self.settings)
        let key = AlarmKey(asset: "p1", rule: "temp-high")
        engine.read("p1", "temp", 95)
        try engine.command(.removeFromService(key, user: "ann", reason: "sensor replaced"))
        #expect(engine.state("p1", "temp-high") == .outOfService)
        engine.read("p1", "temp", 70)
        engine.read("p1", "temp", 99)
        #expect(engine.state("p1", "temp-high") == .outOfService)
        try engine.command(.comment(key, user: "bob", text: "new sensor ordered"))
        try engine.command(.returnToService(key, user: "ann", comment: nil))
        #expect(engine.state("p1", "temp-high") == .unacknowledged)
        let comment = try #require(engine.journal.first { $0.cause == .comment })
        #expect(comment.from == comment.to && comment.user == "bob" && comment.comment == "new sensor ordered")
        #expect(throws: AlarmCommandError.emptyUser) { try engine.command(.comment(key, user: " ", text: "x")) }
        #expect(throws: AlarmCommandError.unknownAlarm(AlarmKey(asset: "p9", rule: "temp-high"))) {
            try engine.command(.acknowledge(AlarmKey(asset: "p9", rule: "temp-high"), user: "ann", comment: nil))
        }
    }

    @Test func suppressedByDesignWhileTheAssetIsStopped() {
        var engine = EngineHarness(Self.settings)
        engine.read("p1", "temp", 95)
        engine.actions += engine.core.setAssetState("p1", to: "stopped", now: engine.now)
        #expect(engine.state("p1", "temp-high") == .suppressed)
        engine.actions += engine.core.setAssetState("p1", to: "running", now: engine.now)
        #expect(engine.state("p1", "temp-high") == .unacknowledged)
        engine.actions += engine.core.setAssetState("p2", to: "maintenance", now: engine.now)
        engine.read("p2", "temp", 95)
        #expect(engine.state("p2", "temp-high") == .suppressed)
    }
}

extension LifecycleTests {
    /// Commands read well in a log: what, which alarm, who, and the text when there is one.
    @Test func commandsDescribeThemselvesWithoutOptionals() {
        let key = AlarmKey(asset: "pump-1", rule: "temp-high")
        #expect("\(OperatorCommand.acknowledge(key, user: "ann", comment: nil))" == "acknowledge pump-1/temp-high by ann")
        #expect("\(OperatorCommand.acknowledge(key, user: "ann", comment: "bearing ordered"))"
            == #"acknowledge pump-1/temp-high by ann: "bearing ordered""#)
        #expect("\(OperatorCommand.shelve(key, user: "bob", until: 1_800_000_000, reason: "sensor swap"))"
            == #"shelve pump-1/temp-high by bob until 2027-01-15T08:00:00Z: "sensor swap""#)
        #expect("\(OperatorCommand.shelve(key, user: "bob", until: nil, reason: "x"))"
            == #"shelve pump-1/temp-high by bob until it clears: "x""#)
        #expect("\(OperatorCommand.returnToService(key, user: "cy", comment: nil))" == "return to service pump-1/temp-high by cy")
        #expect(UTCTime.text(0) == "1970-01-01T00:00:00Z")
        #expect(UTCTime.text(951_782_400) == "2000-02-29T00:00:00Z")
        #expect(UTCTime.text(4_102_444_799.9) == "2099-12-31T23:59:59Z")
        #expect(UTCTime.text(.infinity) == "inf s")
    }
}
