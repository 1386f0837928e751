import AlarmEngine
import AlarmStore
import Foundation
import Notifiers
import PDMConfig
import Synchronization
import Testing
import TestSupport

/// The alarm engine, the SQLite outbox and the dispatcher, against a receiver that keeps tickets
/// the way Redmine does: after every step of an alarm's life the ticket's status matches it.
@Suite("A ticket follows its alarm")
struct TicketFollowsAlarmTests {
    /// Ticket statuses by id, as a Redmine-like tracker keeps them: POST creates one (New),
    /// PUT with `status_id` moves it (1 New, 2 In Progress, 5 Closed).
    final class Tracker: Sendable {
        let statuses = Mutex<[Int: Int]>([:])

        func attach(to receiver: HTTPReceiver) {
            receiver.respond { [self] request in
                if request.method == "POST", request.uri == "/issues.json" {
                    let id = self.statuses.withLock { tickets -> Int in
                        let id = 100 + tickets.count
                        tickets[id] = 1
                        return id
                    }
                    return .status(201, body: #"{"issue": {"id": \#(id)}}"#)
                }
                let parts = request.uri.split(separator: "/")
                guard request.method == "PUT", parts.count == 2, parts[0] == "issues",
                      let id = Int(parts[1].replacingOccurrences(of: ".json", with: "")) else {
                    return .status(404, body: #"{"errors": ["not found"]}"#)
                }
                let status = (request.json?["issue"] as? [String: Any])?["status_id"] as? Int
                let known = self.statuses.withLock { tickets -> Bool in
                    guard tickets[id] != nil else { return false }
                    if let status { tickets[id] = status }
                    return true
                }
                return known ? .status(204) : .status(404, body: #"{"errors": ["not found"]}"#)
            }
        }

        var snapshot: [Int: Int] { statuses.withLock { $0 } }
    }

    /// The README's Redmine receiver, with a re-activation reopening the ticket and an
    /// acknowledgement moving it to In Progress only while the condition is active.
    static func receiver(port: Int) -> ReceiverSettings {
        let base = "http://127.0.0.1:\(port)"
        var settings = ReceiverSettings.hook("redmine", port: port, format: .template)
        settings.capture = ["issue_id": "issue.id"]
        let update = base + "/issues/{{ticket.issue_id}}.json"
        settings.templates = [
            "raised": .init(method: "POST", url: base + "/issues.json", body: #"{"issue": {"subject": "{{summary}}"}}"#),
            "acknowledged": .init(method: "PUT", url: update,
                                  body: #"{"issue": { {{#active}}"status_id": 2, {{/active}}"notes": "Acknowledged"}}"#),
            "cleared": .init(method: "PUT", url: update, body: #"{"issue": {"status_id": 5, "notes": "Cleared"}}"#),
            "reactivated": .init(method: "PUT", url: update, body: #"{"issue": {"status_id": 1, "notes": "Active again"}}"#),
        ]
        return settings
    }

    @Test func raiseClearReRaiseAcknowledgeClearRaiseAgain() async throws {
        let http = try await HTTPReceiver()
        let tracker = Tracker()
        tracker.attach(to: http)
        let harness = try DeliveryHarness(receivers: [Self.receiver(port: http.port)])
        let rule = AlarmRule(name: "bearing-hot", channel: "temp", condition: .threshold(.above, limit: 90, deadband: 5),
                             priority: .high, message: "bearing temperature high")
        var engine = AlarmCore(settings: AlarmSettings(rules: [rule], chatter: nil, flood: nil,
                                                       routes: [NotificationRoute(receivers: ["redmine"])]),
                               now: harness.now)
        let key = AlarmKey(asset: "pump-1", rule: "bearing-hot")

        /// Applies the engine's decisions as `pdm run` does, delivers everything due, and gives
        /// the alarm's state and the status of each ticket the alarm has had.
        func step(_ actions: [AlarmAction]) async throws -> (AlarmState?, [Int]) {
            try harness.database.apply(actions)
            for _ in 0..<4 {
                await harness.round()
                harness.now += 0.001
            }
            let entries = try harness.entries()
            #expect(entries.allSatisfy { $0.deliveredAt != nil },
                    "everything due was delivered: \(entries.map { "\($0.idempotencyKey) \($0.lastError ?? "")" })")
            let tickets = tracker.snapshot
            return (engine.alarm(key)?.state, tickets.keys.sorted().compactMap { tickets[$0] })
        }
        func read(_ value: Double) async throws -> (AlarmState?, [Int]) {
            harness.now += 10
            return try await step(engine.observe(.reading(asset: "pump-1", channel: "temp", value: value, rate: nil, anomaly: nil),
                                                 now: harness.now))
        }

        #expect(try await read(95) == (.unacknowledged, [1]), "raised: a new ticket")
        #expect(try await read(80) == (.returnedUnacknowledged, [5]), "cleared: closed")
        #expect(try await read(96) == (.unacknowledged, [1]), "active again: reopened")
        harness.now += 10
        #expect(try await step(engine.apply(.acknowledge(key, user: "ana", comment: nil), now: harness.now))
            == (.acknowledged, [2]), "acknowledged while active: in progress")
        #expect(try await read(80) == (.normal, [5]), "cleared again: closed again")
        #expect(try await read(97) == (.unacknowledged, [5, 1]), "a new occurrence: a new ticket")

        // Acknowledged after it cleared: the ticket stays closed.
        #expect(try await read(80) == (.returnedUnacknowledged, [5, 5]))
        harness.now += 10
        #expect(try await step(engine.apply(.acknowledge(key, user: "ana", comment: nil), now: harness.now))
            == (.normal, [5, 5]))
        let keys = try harness.entries().map(\.idempotencyKey)
        #expect(Set(keys).count == keys.count && keys.count == 8, "\(keys)")
    }
}
