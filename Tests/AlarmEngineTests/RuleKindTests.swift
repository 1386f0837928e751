@testable import AlarmEngine
import Testing

@Suite("Rule kinds, delays and severity")
struct RuleKindTests {
    @Test func onDelayAndOffDelayUseTheClock() {
        var engine = EngineHarness(AlarmSettings(rules: [.high(onDelay: 30, offDelay: 60)], chatter: nil, flood: nil))
        engine.read("p1", "temp", 95)
        #expect(engine.state("p1", "temp-high") == nil)
        #expect(engine.core.nextDeadline == engine.now + 30)
        engine.advance(29)
        #expect(engine.state("p1", "temp-high") == nil)
        engine.advance(1) // no new reading needed: the delay ends on the clock
        #expect(engine.state("p1", "temp-high") == .unacknowledged)
        engine.read("p1", "temp", 80)
        engine.advance(30)
        engine.read("p1", "temp", 96) // back before the off-delay ran out: still the same alarm
        engine.advance(100)
        #expect(engine.state("p1", "temp-high") == .unacknowledged)
        engine.read("p1", "temp", 80)
        engine.advance(60)
        #expect(engine.state("p1", "temp-high") == .returnedUnacknowledged)
        #expect(engine.path("temp-high").count == 2)
    }

    @Test func aShortExcursionUnderTheOnDelayRaisesNothing() {
        var engine = EngineHarness(AlarmSettings(rules: [.high(onDelay: 30)], chatter: nil, flood: nil))
        engine.read("p1", "temp", 95)
        engine.advance(10)
        engine.read("p1", "temp", 70)
        engine.advance(60)
        #expect(engine.state("p1", "temp-high") == nil)
    }

    @Test func severityRisesAndFallsWithHysteresis() {
        let rule = AlarmRule.high(limit: 90, deadband: 5, priority: .medium,
                                  severity: [.init(limit: 100, priority: .high), .init(limit: 110, priority: .emergency)])
        var engine = EngineHarness(AlarmSettings(rules: [rule], chatter: nil, flood: nil))
        let key = AlarmKey(asset: "p1", rule: "temp-high")
        for (value, expected) in [(95.0, Priority.medium), (105, .high), (112, .emergency), (108, .emergency),
                                  (104, .high), (98, .high), (94, .medium)] {
            engine.read("p1", "temp", value)
            #expect(engine.core.alarm(key)?.priority == expected, "at \(value)")
        }
        #expect(engine.journal.filter { $0.cause == .priorityChanged }.map(\.priority) == [.high, .emergency, .high, .medium])
    }

    @Test func rateOfChangeAndAnomalyScore() {
        let rate = AlarmRule(name: "heating-fast", channel: "temp", condition: .rateOfChange(.above, limit: 0.5, deadband: 0.1))
        let anomaly = AlarmRule(name: "temp-anomaly", channel: "temp", condition: .anomaly(level: 1, deadband: 0.2),
                                priority: .low)
        var engine = EngineHarness(AlarmSettings(rules: [rate, anomaly], chatter: nil, flood: nil))
        engine.read("p1", "temp", 60, rate: 0.2, anomaly: 0.5)
        engine.read("p1", "temp", 61, rate: 0.7, anomaly: 1.4)
        #expect(engine.state("p1", "heating-fast") == .unacknowledged)
        #expect(engine.state("p1", "temp-anomaly") == .unacknowledged)
        engine.read("p1", "temp", 61, rate: 0.45, anomaly: 0.9)
        #expect(engine.core.alarm(AlarmKey(asset: "p1", rule: "heating-fast"))?.conditionActive == true)
        engine.read("p1", "temp", 61, rate: 0.3, anomaly: 0.7)
        #expect(engine.core.alarm(AlarmKey(asset: "p1", rule: "heating-fast"))?.conditionActive == false)
        #expect(engine.core.alarm(AlarmKey(asset: "p1", rule: "temp-anomaly"))?.conditionActive == false)
    }

    /// An anomaly rule looks up by default: a fall does not trip it, a `down` or `both` rule it does.
    @Test func anomalyRulesLookOneWay() {
        let rules = AnomalyDirection.allCases.map {
            AlarmRule(name: "anomaly-\($0.rawValue)", channel: "temp", condition: .anomaly(level: 1, deadband: 0.2, direction: $0))
        }
        var engine = EngineHarness(AlarmSettings(rules: rules, chatter: nil, flood: nil))
        engine.read("p1", "temp", 40, anomaly: 0, fall: 3)
        #expect(engine.state("p1", "anomaly-up") == nil)
        #expect(engine.state("p1", "anomaly-down") == .unacknowledged)
        #expect(engine.state("p1", "anomaly-both") == .unacknowledged)
        engine.read("p1", "temp", 70, anomaly: 2, fall: 0)
        #expect(engine.state("p1", "anomaly-up") == .unacknowledged)
        #expect(engine.core.alarm(AlarmKey(asset: "p1", rule: "anomaly-down"))?.conditionActive == false)
    }

    @Test func remainingLifeBelowAHorizonAtTheLowerBound() {
        let rule = AlarmRule(name: "rul-72h", channel: nil, condition: .remainingLife(below: 72 * 3600, bound: .lower, deadband: 3600),
                             priority: .medium, severity: [.init(limit: 24 * 3600, priority: .high)])
        var engine = EngineHarness(AlarmSettings(rules: [rule], chatter: nil, flood: nil))
        engine.life("p1", median: 200 * 3600, lower: 100 * 3600)
        #expect(engine.state("p1", "rul-72h") == nil)
        engine.life("p1", median: 120 * 3600, lower: 70 * 3600)
        #expect(engine.state("p1", "rul-72h") == .unacknowledged)
        #expect(engine.core.alarm(AlarmKey(asset: "p1", rule: "rul-72h"))?.priority == .medium)
        engine.life("p1", median: 50 * 3600, lower: 20 * 3600) // shrinking life raises the priority
        #expect(engine.core.alarm(AlarmKey(asset: "p1", rule: "rul-72h"))?.priority == .high)
        // Readings do not feed remaining-life rules.
        engine.read("p1", "temp", 1)
        let value: Double? = engine.core.alarm(AlarmKey(asset: "p1", rule: "rul-72h"))?.value
        #expect(value == 72_000.0)
    }

    @Test func sensorHealthNoDataStuckOutOfRange() {
        let rules = [
            AlarmRule(name: "temp-silent", channel: "temp", condition: .noData(seconds: 120), priority: .low),
            AlarmRule(name: "temp-stuck", channel: "temp", condition: .stuck(seconds: 600, tolerance: 0.01), priority: .low),
            AlarmRule(name: "temp-range", channel: "temp", condition: .outOfRange(low: -40, high: 250), priority: .low),
        ]
        var engine = EngineHarness(AlarmSettings(rules: rules, chatter: nil, flood: nil))
        engine.read("p1", "temp", 60)
        engine.advance(119)
        #expect(engine.state("p1", "temp-silent") == nil)
        engine.advance(1)
        #expect(engine.state("p1", "temp-silent") == .unacknowledged)
        engine.read("p1", "temp", 60.005)
        #expect(engine.core.alarm(AlarmKey(asset: "p1", rule: "temp-silent"))?.conditionActive == false)
        engine.advance(100)
        engine.read("p1", "temp", 60.0)
        engine.advance(100)
        engine.read("p1", "temp", 60.002)
        engine.advance(100)
        engine.read("p1", "temp", 60.001)
        engine.advance(100)
        engine.read("p1", "temp", 60.0)
        engine.advance(100)
        engine.read("p1", "temp", 60.003)
        engine.advance(100) // 600 s without moving more than 0.01, readings kept coming
        #expect(engine.state("p1", "temp-stuck") == .unacknowledged)
        #expect(engine.core.alarm(AlarmKey(asset: "p1", rule: "temp-silent"))?.conditionActive == false)
        engine.read("p1", "temp", 61)
        #expect(engine.core.alarm(AlarmKey(asset: "p1", rule: "temp-stuck"))?.conditionActive == false)
        engine.read("p1", "temp", 900)
        #expect(engine.state("p1", "temp-range") == .unacknowledged)
    }
}

@Suite("Per-asset overrides")
struct RuleOverrideTests {
    @Test func overridesChangeLimitPriorityOrTurnTheRuleOff() {
        var rule = AlarmRule.high(limit: 90, deadband: 5, priority: .medium)
        rule.overrides = [RuleOverride(assets: ["pump-7"], limit: 110, priority: .high),
                          RuleOverride(assets: ["pump-9"], enabled: false)]
        var engine = EngineHarness(AlarmSettings(rules: [rule], chatter: nil, flood: nil))
        for asset in ["pump-1", "pump-7", "pump-9"] { engine.read(asset, "temp", 100) }
        #expect(engine.state("pump-1", "temp-high") == .unacknowledged)
        #expect(engine.state("pump-7", "temp-high") == nil)
        #expect(engine.state("pump-9", "temp-high") == nil)
        engine.read("pump-7", "temp", 111)
        #expect(engine.core.alarm(AlarmKey(asset: "pump-7", rule: "temp-high"))?.priority == .high)
        engine.read("pump-7", "temp", 108) // the deadband is the rule's: 110 − 5
        #expect(engine.core.alarm(AlarmKey(asset: "pump-7", rule: "temp-high"))?.conditionActive == true)
        engine.read("pump-7", "temp", 105)
        #expect(engine.core.alarm(AlarmKey(asset: "pump-7", rule: "temp-high"))?.conditionActive == false)
    }
}

extension RuleKindTests {
    /// A rule without a message still says what is wrong.
    @Test func conditionsSayWhatTheyMean() {
        #expect(RuleCondition.threshold(.above, limit: 2.8, deadband: 0.2).summary(channel: "velocity_rms") == "velocity_rms above 2.8")
        #expect(RuleCondition.rateOfChange(.above, limit: 0.005, deadband: 0).summary(channel: "bearing_temp")
            == "bearing_temp rising faster than 0.005 per second")
        #expect(RuleCondition.remainingLife(below: 259_200, bound: .lower, deadband: 0).summary(channel: nil)
            == "lower bound of the remaining life below 3 d")
        #expect(RuleCondition.noData(seconds: 300).summary(channel: "accel") == "no reading of accel for 5 min")
        #expect(RuleCondition.anomaly(level: 1, deadband: 0.2, direction: .up).summary(channel: "velocity_rms")
            == "velocity_rms rising away from its healthy baseline (anomaly ≥ 1)")
    }
}
