import AlarmEngine
import Testing

@Suite("Threshold state")
struct ThresholdStateTests {
    @Test("raises once above the limit and clears only below limit minus deadband")
    func hysteresis() {
        let rule = ThresholdRule(name: "hot", channel: "temp", direction: .above, limit: 90, deadband: 5)
        var state = ThresholdState()
        let decisions = [80.0, 91, 95, 88, 86, 84.9, 92].map { state.evaluate($0, against: rule) }
        #expect(decisions == [.none, .raise, .none, .none, .none, .clear, .raise])
    }

    @Test("a low limit works the other way round")
    func below() {
        let rule = ThresholdRule(name: "low-flow", channel: "flow", direction: .below, limit: 10, deadband: 1)
        var state = ThresholdState()
        let decisions = [12.0, 9.5, 10.5, 11.0].map { state.evaluate($0, against: rule) }
        #expect(decisions == [.none, .raise, .none, .clear])
    }

    @Test("rules can be limited to assets")
    func scoping() {
        let rule = ThresholdRule(name: "hot", channel: "temp", direction: .above, limit: 1, assets: ["pump-1"])
        #expect(rule.applies(to: "pump-1", channel: "temp"))
        #expect(!rule.applies(to: "pump-2", channel: "temp"))
        #expect(!rule.applies(to: "pump-1", channel: "vib"))
    }
}
