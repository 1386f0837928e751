import AlarmEngine
import AlarmStore
import Foundation
import Notifiers
import PDMConfig
import Synchronization
import Testing
import TestSupport

@Suite("Ticket lifecycle and payload formats")
struct TicketLifecycleTests {
    /// A receiver that behaves like Redmine's issues API: POST /issues.json creates an issue and
    /// answers with its id; PUT /issues/<id>.json updates it.
    static func redmine(_ receiver: HTTPReceiver) {
        let nextID = Mutex(41)
        receiver.respond { request in
            if request.method == "POST", request.uri == "/issues.json" {
                let id = nextID.withLock { value -> Int in value += 1; return value }
                return .status(201, body: #"{"issue": {"id": \#(id), "subject": "created"}}"#)
            }
            if request.method == "PUT", request.uri.hasPrefix("/issues/"), request.uri != "/issues/.json" {
                return .status(204)
            }
            return .status(404, body: #"{"errors": ["not found"]}"#)
        }
    }

    static func redmineReceiver(port: Int) -> ReceiverSettings {
        let base = "http://127.0.0.1:\(port)"
        var settings = ReceiverSettings.hook("redmine", port: port, format: .template)
        settings.headers = ["X-Redmine-API-Key": "key-from-env"]
        settings.capture = ["issue_id": "issue.id"]
        settings.templates = [
            "raised": .init(method: "POST", url: base + "/issues.json", body: """
                {"issue": {"project_id": "plant", "subject": "{{summary}}", "priority_id": 4,
                 "description": "Value {{value}} on {{asset}} at {{ts}}."}}
                """),
            "escalated": .init(method: "PUT", url: base + "/issues/{{ticket.issue_id}}.json",
                               body: #"{"issue": {"notes": "Escalated (level {{level}}): {{message}}"}}"#),
            "cleared": .init(method: "PUT", url: base + "/issues/{{ticket.issue_id}}.json",
                             body: #"{"issue": {"status_id": 5, "notes": "Cleared at {{ts}}"}}"#),
        ]
        return settings
    }

    @Test func aTicketIsCreatedUpdatedAndClosedByItsID() async throws {
        let receiver = try await HTTPReceiver()
        Self.redmine(receiver)
        let harness = try DeliveryHarness(receivers: [Self.redmineReceiver(port: receiver.port)])
        try harness.notify(.raised, receivers: ["redmine"], message: #"bearing "DE" temperature high"#)
        try harness.notify(.escalated, step: "level-1", receivers: ["redmine"])
        try harness.notify(.acknowledged, receivers: ["redmine"])  // no template: nothing sent
        try harness.notify(.cleared, receivers: ["redmine"])
        for _ in 0..<4 {
            await harness.round()
            harness.now += 0.001
        }
        let requests = receiver.requests
        #expect(requests.map { "\($0.method) \($0.uri)" } == ["POST /issues.json", "PUT /issues/42.json", "PUT /issues/42.json"])
        #expect(requests.allSatisfy { $0.header("X-Redmine-API-Key") == "key-from-env" })
        let created = try #require(requests.first?.json?["issue"] as? [String: Any])
        #expect(created["subject"] as? String == #"[high] pump-1 bearing-hot raised: bearing "DE" temperature high"#,
                "quotes in values are escaped for JSON")
        #expect((requests[1].json?["issue"] as? [String: Any])?["notes"] as? String == "Escalated (level 1): bearing temperature high")
        #expect((requests[2].json?["issue"] as? [String: Any])?["status_id"] as? Int == 5)
        #expect(try harness.database.tickets(for: AlarmKey(asset: "pump-1", rule: "bearing-hot"), occurrence: 1)
            == ["redmine": ["issue_id": "42"]])
        #expect(try harness.entries().allSatisfy { $0.deliveredAt != nil })

        // The next occurrence opens a new ticket.
        try harness.notify(.raised, occurrence: 2, receivers: ["redmine"])
        await harness.round()
        #expect(receiver.requests.last?.uri == "/issues.json")
        #expect(try harness.database.tickets(for: AlarmKey(asset: "pump-1", rule: "bearing-hot"), occurrence: 2)
            == ["redmine": ["issue_id": "43"]])
    }

    @Test func updatesWaitUntilTheTicketExists() async throws {
        let receiver = try await HTTPReceiver()
        Self.redmine(receiver)
        let down = Mutex(true)
        let inner = receiver
        receiver.respond { request in
            if down.withLock({ $0 }) { return .status(503) }
            _ = inner
            return request.method == "POST" ? .status(201, body: #"{"issue": {"id": 7}}"#) : .status(204)
        }
        let harness = try DeliveryHarness(receivers: [Self.redmineReceiver(port: receiver.port)])
        try harness.notify(.raised, receivers: ["redmine"])
        try harness.notify(.cleared, receivers: ["redmine"])
        await harness.round()
        #expect(receiver.requests.count == 1, "the close is not sent before the ticket exists")
        down.withLock { $0 = false }
        harness.now += 10
        await harness.round()
        harness.now += 0.001
        await harness.round()
        #expect(receiver.requests.map(\.uri) == ["/issues.json", "/issues.json", "/issues/7.json"])
    }

    @Test func alertmanagerPayloadVersion4() async throws {
        let receiver = try await HTTPReceiver()
        var settings = ReceiverSettings.hook("am", port: receiver.port, format: .alertmanager)
        settings.externalURL = "http://pdm.plant.local"
        let harness = try DeliveryHarness(receivers: [settings])
        try harness.notify(.raised, receivers: ["am"])
        try harness.notify(.cleared, receivers: ["am"])
        for _ in 0..<2 { await harness.round(); harness.now += 5 }
        let bodies = receiver.requests.compactMap(\.json)
        #expect(bodies.count == 2)
        #expect(bodies.map { $0["version"] as? String } == ["4", "4"])
        #expect(bodies.map { $0["status"] as? String } == ["firing", "resolved"])
        let alert = try #require((bodies.first?["alerts"] as? [[String: Any]])?.first)
        let labels = try #require(alert["labels"] as? [String: String])
        #expect(labels["alertname"] == "bearing-hot" && labels["asset"] == "pump-1" && labels["severity"] == "high")
        #expect(alert["endsAt"] as? String == "0001-01-01T00:00:00Z")
        #expect((alert["fingerprint"] as? String)?.count == 16)
        let resolved = try #require((bodies.last?["alerts"] as? [[String: Any]])?.first)
        #expect(resolved["fingerprint"] as? String == alert["fingerprint"] as? String, "one alert, same fingerprint")
        #expect(bodies.first?["externalURL"] as? String == "http://pdm.plant.local")
        #expect(bodies.first?["groupKey"] as? String != nil && bodies.first?["receiver"] as? String == "am")
    }

    @Test func pagerDutyEventsV2WithAStableDedupKey() async throws {
        let receiver = try await HTTPReceiver()
        receiver.respond { _ in .status(202, body: #"{"status":"success","dedup_key":"x"}"#) }
        var settings = ReceiverSettings.hook("pd", port: receiver.port, path: "/v2/enqueue", format: .pagerduty)
        settings.routingKey = "R0UT1NGKEY"
        let harness = try DeliveryHarness(receivers: [settings])
        try harness.notify(.raised, receivers: ["pd"], priority: .emergency)
        try harness.notify(.acknowledged, receivers: ["pd"], priority: .emergency)
        try harness.notify(.cleared, receivers: ["pd"], priority: .emergency)
        for _ in 0..<3 { await harness.round(); harness.now += 1 }
        let bodies = receiver.requests.compactMap(\.json)
        #expect(bodies.map { $0["event_action"] as? String } == ["trigger", "acknowledge", "resolve"])
        #expect(Set(bodies.compactMap { $0["dedup_key"] as? String }) == ["pdm/pump-1/bearing-hot/1"])
        #expect(bodies.allSatisfy { $0["routing_key"] as? String == "R0UT1NGKEY" })
        let payload = try #require(bodies.first?["payload"] as? [String: Any])
        #expect(payload["severity"] as? String == "critical" && payload["source"] as? String == "pump-1")
        #expect((payload["summary"] as? String)?.hasPrefix("[emergency] pump-1 bearing-hot raised") == true)
        #expect(bodies[1]["payload"] == nil, "acknowledge and resolve carry no payload")
    }

    @Test func templateValuesAreEscapedForWhereTheyLand() throws {
        let url = try TemplateRenderer("http://h/x/{{asset}}?q={{message}}", for: .url)
        #expect(url.render(["asset": "pump 1/a", "message": "a&b=c"]) == "http://h/x/pump%201%2Fa?q=a%26b%3Dc")
        let body = try TemplateRenderer(#"{"m": "{{message}}"}"#, for: .json)
        let rendered = body.render(["message": "line \"one\"\nline\\two <b>"])
        #expect(rendered == #"{"m": "line \"one\"\nline\\two <b>"}"#)
        #expect((try? JSONSerialization.jsonObject(with: Data(rendered.utf8))) != nil)
        let header = try TemplateRenderer("Bearer {{token}}", for: .header)
        #expect(header.render(["token": "abc\r\nX-Injected: 1"]) == "Bearer abcX-Injected: 1")
    }

    @Test func capturedFieldsFollowDottedPaths() {
        let body = Array(#"{"issue": {"id": 42, "tags": [{"key": "A-1"}], "ok": true, "ratio": 0.5}}"#.utf8)
        #expect(ResponseCapture.values(["id": "issue.id", "key": "issue.tags.0.key", "ratio": "issue.ratio", "none": "issue.x"],
                                       in: body) == ["id": "42", "key": "A-1", "ratio": "0.5"])
        #expect(ResponseCapture.values(["id": "issue.id"], in: Array("not json".utf8)).isEmpty)
    }

    @Test func hmacMatchesTheRFC4231Vector() {
        #expect(WebhookFormatter.signature(of: Array("what do ya want for nothing?".utf8), secret: "Jefe")
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func circuitBreakerStates() {
        var breaker = CircuitBreaker(threshold: 2, openFor: 30)
        var steps: [Bool] = []
        steps.append(breaker.allow(now: 0))
        steps.append(breaker.recordFailure(now: 0))
        steps.append(breaker.recordFailure(now: 1))  // second consecutive failure opens it
        steps.append(breaker.allow(now: 30.9))
        steps.append(breaker.allow(now: 31))  // the probe
        steps.append(breaker.allow(now: 31))  // only one probe
        steps.append(breaker.recordFailure(now: 32))
        #expect(steps == [true, false, true, false, true, false, true])
        #expect(breaker.reopensAt == 62)
        let probe = breaker.allow(now: 62)
        #expect(probe)
        breaker.recordSuccess()
        let closed = breaker.allow(now: 62)
        #expect(closed)
        #expect(breaker.state == .closed)
    }
}
