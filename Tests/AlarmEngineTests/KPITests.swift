@testable import AlarmEngine
import Testing

@Suite("Alarm KPIs from the journal")
struct KPITests {
    @Test func ratesBadActorsPrioritiesFloodAndStaleAlarms() {
        let settings = AlarmSettings(rules: [.high(priority: .high), .high("vib-high", channel: "vib", limit: 7, deadband: 0.5, priority: .low)],
                                     chatter: nil, flood: .init(alarms: 3, window: 600, hold: .diagnostic),
                                     areas: [("pump-*", "pump-house")])
        var engine = EngineHarness(settings)
        let start = engine.now
        for round in 0..<4 {
            engine.read("pump-1", "vib", 8)
            engine.advance(30)
            engine.read("pump-1", "vib", 5)
            try? engine.command(.acknowledge(AlarmKey(asset: "pump-1", rule: "vib-high"), user: "ann", comment: nil))
            engine.advance(30)
            if round == 0 { engine.read("pump-2", "temp", 95) }
        }
        engine.advance(2 * 86_400)
        let kpis = AlarmKPIs(journal: engine.journal, alarms: engine.core.alarms, start: start, end: engine.now)
        #expect(kpis.activations == 5)
        #expect(kpis.badActors.first?.key == AlarmKey(asset: "pump-1", rule: "vib-high"))
        #expect(kpis.badActors.first?.activations == 4)
        #expect(kpis.areas.map(\.area) == ["pump-house"])
        #expect(kpis.areas.first?.peakPer10Minutes == 5)
        #expect((kpis.areas.first?.timeInFlood ?? 0) > 0)
        #expect(kpis.priorities.map(\.priority) == ["high", "medium", "low"])
        #expect(kpis.priorities.first { $0.priority == "low" }?.count == 4)
        #expect(kpis.priorities.first { $0.priority == "low" }?.target == 0.8)
        #expect(kpis.stale == [AlarmKey(asset: "pump-2", rule: "temp-high")])
    }
}
