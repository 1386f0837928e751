import AlarmEngine
@testable import AlarmStore
import Foundation
import Testing

@Suite("Stored records")
struct RecordTests {
    @Test func alarmRecordDecodesToTheSameAlarm() throws {
        var alarm = Alarm(key: AlarmKey(asset: "pump \"7\"\n", rule: "temp-high"), priority: .high, area: "north",
                          message: "tab\there, slash \\ and é", now: 1_700_000_000.25)
        alarm.occurrence = 3
        alarm.conditionActive = true
        alarm.acknowledged = false
        alarm.shelf = Shelf(kind: .timed, until: 1_700_003_600, user: "ann", reason: "valve work")
        alarm.suppressedBy = "asset state stopped"
        alarm.value = 0.000012
        alarm.escalation = Escalation(policy: EscalationPolicy(name: "p", levels: [.init(after: 0, receivers: ["a", "b"]),
                                                                                   .init(after: 900.5, receivers: ["c"])],
                                                               repeatCount: 2, repeatInterval: 60, reminder: 3600),
                                      raisedAt: 1_700_000_000.25)
        alarm.escalation?.notified = ["a", "b"]
        alarm.reminderDue = 1_700_010_000
        alarm.recentTransitions = [1, 2.5, 1e-7]
        let decoded = try JSONDecoder().decode(Alarm.self, from: Data(alarm.recordJSON().utf8))
        #expect(decoded == alarm)
        let plain = Alarm(key: AlarmKey(asset: "a", rule: "r"), priority: .low, area: "plant", message: "", now: 5)
        #expect(try JSONDecoder().decode(Alarm.self, from: Data(plain.recordJSON().utf8)) == plain)
    }

    @Test func intentPayloadDecodesToTheSameIntent() throws {
        let intent = NotificationIntent(kind: .escalated, key: AlarmKey(asset: "p1", rule: "r"), occurrence: 2, step: "level-1",
                                        receivers: ["cmms", "pager"], time: 12.5, priority: .emergency, state: .unacknowledged,
                                        value: 99.1, message: "bearing \"hot\"", level: 1)
        #expect(try JSONDecoder().decode(NotificationIntent.self, from: Data(intent.payloadJSON().utf8)) == intent)
    }
}
