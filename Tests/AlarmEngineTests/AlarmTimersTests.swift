@testable import AlarmEngine
import Testing

@Suite("Alarm timers")
struct AlarmTimersTests {
    let a = AlarmKey(asset: "p1", rule: "temp-silent")
    let b = AlarmKey(asset: "p2", rule: "temp-silent")

    @Test func aLaterTimeKeepsTheEntryAnEarlierOneReplacesIt() {
        var timers = AlarmTimers()
        timers.schedule(a, at: 100)
        timers.schedule(a, at: 150)  // moved later: the entry at 100 stands
        #expect(timers.earliest == 100)
        #expect(timers.takeDue(now: 99).isEmpty)
        #expect(timers.takeDue(now: 100) == [a])
        #expect(timers.count == 0, "taken keys are no longer scheduled")
        timers.schedule(a, at: 300)
        timers.schedule(a, at: 200)  // earlier: replaces the entry at 300, which is then stale
        #expect(timers.takeDue(now: 250) == [a])
        #expect(timers.takeDue(now: 400).isEmpty, "the replaced entry does not come up again")
    }

    @Test func dueKeysComeInKeyOrderAndTimesThatAreNotFiniteNever() {
        var timers = AlarmTimers()
        timers.schedule(b, at: 10)
        timers.schedule(a, at: 20)
        timers.schedule(AlarmKey(asset: "p3", rule: "x"), at: .nan)
        timers.schedule(AlarmKey(asset: "p4", rule: "x"), at: .infinity)
        #expect(timers.takeDue(now: 30) == [a, b])
        #expect(timers.earliest == nil)
    }

    @Test func aNoDataTimerPushedOnByEveryReadingFiresOnceTheReadingsStop() {
        let rules = [AlarmRule(name: "temp-silent", channel: "temp", condition: .noData(seconds: 120), priority: .low)]
        var engine = EngineHarness(AlarmSettings(rules: rules, chatter: nil, flood: nil))
        for _ in 0..<10 {
            engine.read("p1", "temp", 60)
            engine.advance(100)
        }
        #expect(engine.state("p1", "temp-silent") == nil, "a reading every 100 s keeps a 120 s timer from firing")
        #expect(engine.core.nextDeadline.map { $0 <= engine.now + 20 } == true, "the clock wakes by the real deadline")
        engine.advance(19)
        #expect(engine.state("p1", "temp-silent") == nil)
        engine.advance(1)
        #expect(engine.state("p1", "temp-silent") == .unacknowledged)
        #expect(engine.path("temp-silent").count == 1)
    }
}
