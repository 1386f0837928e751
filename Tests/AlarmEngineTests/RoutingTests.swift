@testable import AlarmEngine
import Testing

@Suite("Notification routes")
struct RoutingTests {
    static func settings(routes: [NotificationRoute], policies: [String: EscalationPolicy] = [:],
                         escalation: String? = nil) -> AlarmSettings {
        AlarmSettings(rules: [.high("temp-high", escalation: escalation),
                              .high("temp-warm", limit: 70, priority: .medium, escalation: escalation)],
                      policies: policies, chatter: nil, flood: nil, areas: [(pattern: "pump-*", area: "pump-house")],
                      routes: routes)
    }

    @Test func routesPickReceiversByPriorityAssetAndArea() {
        var engine = EngineHarness(Self.settings(routes: [
            NotificationRoute(priorities: ["high", "emergency"], receivers: ["pager"]),
            NotificationRoute(areas: ["pump-*"], receivers: ["pump-team"]),
        ]))
        engine.read("pump-1", "temp", 95)  // high and medium both active
        let raised = engine.notifications.filter { $0.kind == .raised }
        #expect(raised.first { $0.key.rule == "temp-high" }?.receivers == ["pager"], "first match ends the search")
        #expect(raised.first { $0.key.rule == "temp-warm" }?.receivers == ["pump-team"])
        engine.clear()
        engine.read("fan-1", "temp", 75)  // medium, area plant: no route matches
        #expect(engine.notifications.isEmpty)
    }

    @Test func continueGoesOnToLaterRoutes() {
        var engine = EngineHarness(Self.settings(routes: [
            NotificationRoute(minimumRank: Priority.high.rank, receivers: ["pager"], continues: true),
            NotificationRoute(assets: ["pump-*"], rules: ["temp-*"], receivers: ["cmms", "pager"]),
            NotificationRoute(receivers: ["never"]),
        ]))
        engine.read("pump-1", "temp", 95)
        let raised = engine.notifications.filter { $0.kind == .raised && $0.key.rule == "temp-high" }
        #expect(raised.map(\.receivers) == [["pager", "cmms"]])
    }

    @Test func routedReceiversAreToldAtOnceAndFollowTheAlarmToItsEnd() throws {
        let policy = EscalationPolicy(name: "ops", levels: [.init(after: 900, receivers: ["shift-lead"])])
        var engine = EngineHarness(Self.settings(routes: [NotificationRoute(priorities: ["high"], receivers: ["cmms"])],
                                                 policies: ["ops": policy], escalation: "ops"))
        engine.read("pump-1", "temp", 95)
        #expect(engine.notifications.filter { $0.key.rule == "temp-high" }.map(\.receivers) == [["cmms"]])
        engine.clear()
        engine.advance(900)
        let escalated = engine.notifications.filter { $0.key.rule == "temp-high" }
        #expect(escalated.map(\.kind) == [.escalated] && escalated.first?.receivers == ["shift-lead"])
        engine.clear()
        try engine.command(.acknowledge(AlarmKey(asset: "pump-1", rule: "temp-high"), user: "ann", comment: nil))
        #expect(engine.notifications.first?.kind == .acknowledged)
        #expect(engine.notifications.first?.receivers == ["cmms", "shift-lead"])
    }
}
