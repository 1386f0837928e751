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

extension RoutingTests {
    /// An alarm that clears unacknowledged and comes back is one occurrence: the receivers told of
    /// the clear are told of the re-activation, and every notification of the occurrence has a key
    /// of its own, so the second clear is not taken for a repeat of the first.
    @Test func reactivationIsNotifiedAndEveryTransitionHasItsOwnKey() throws {
        var engine = EngineHarness(Self.settings(routes: [NotificationRoute(receivers: ["cmms"])]))
        let key = AlarmKey(asset: "pump-1", rule: "temp-high")
        func kinds() -> [String] {
            engine.notifications.filter { $0.key == key }.map { "\($0.kind.rawValue)#\($0.occurrence)" }
        }
        engine.read("pump-1", "temp", 95)  // raise
        engine.advance(10)
        engine.read("pump-1", "temp", 80)  // clear, unacknowledged
        engine.advance(10)
        engine.read("pump-1", "temp", 96)  // active again, same occurrence
        #expect(engine.state("pump-1", "temp-high") == .unacknowledged)
        engine.advance(10)
        try engine.command(.acknowledge(key, user: "ana", comment: nil))
        engine.advance(10)
        engine.read("pump-1", "temp", 80)  // clear: the occurrence ends
        #expect(engine.state("pump-1", "temp-high") == .normal)
        engine.advance(10)
        engine.read("pump-1", "temp", 97)  // a new occurrence
        #expect(kinds() == ["raised#1", "cleared#1", "reactivated#1", "acknowledged#1", "cleared#1", "raised#2"])
        let keys = engine.notifications.filter { $0.key == key }.map(\.idempotencyKey)
        #expect(Set(keys).count == keys.count, "\(keys)")
        #expect(engine.notifications.filter { $0.kind == .reactivated }.map(\.receivers) == [["cmms"]])
    }
}
