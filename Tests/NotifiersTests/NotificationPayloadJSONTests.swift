import AlarmEngine
import Foundation
import Payloads
import Testing

@Suite("Notification payload JSON")
struct NotificationPayloadJSONTests {
    /// Payloads that reach every branch of the direct writer: absent and present optionals,
    /// tickets, strings that need escaping, and numbers the generic encoder writes in its own way.
    static let payloads: [NotificationPayload] = {
        let key = AlarmKey(asset: "pump-1", rule: "bearing-hot")
        let values: [Double?] = [nil, 97.5, 0, -0.0, 3e15, 1.2345678901234568e17, 1e20, 1e-5, -42, 0.1 + 0.2]
        let messages = ["bearing temperature high", "quote \" backslash \\ slash / tab \t line\nreturn\r",
                        "control \u{1}\u{8}\u{C}\u{1F} delete \u{7F} é 漢 \u{2028} 🙂", ""]
        let tickets: [[String: String]] = [[:], ["issue_id": "42"], ["url": "https://tracker/4711", "Issue": "A", "id10": "x", "id2": "y"]]
        var payloads: [NotificationPayload] = []
        for (index, value) in values.enumerated() {
            let kind = NotificationIntent.Kind.allCases[index % NotificationIntent.Kind.allCases.count]
            let intent = NotificationIntent(kind: kind, key: key, occurrence: index + 1, step: "level-\(index)", receivers: ["cmms"],
                                            time: 1_764_888_000.123456 + Double(index), priority: .high, state: .unacknowledged,
                                            value: value, message: messages[index % messages.count], level: index.isMultiple(of: 2) ? index : nil)
            payloads.append(NotificationPayload(intent: intent, idempotencyKey: intent.idempotencyKey + "/cmms", receiver: "cmms",
                                                area: index == 3 ? "hall \"B\"" : "pump-house",
                                                raisedAt: index.isMultiple(of: 3) ? nil : 1_764_887_000.5,
                                                ticket: tickets[index % tickets.count]))
        }
        return payloads
    }()

    @Test("the direct writer gives the generic encoder's bytes", arguments: payloads)
    func sameBytesAsTheEncoder(_ payload: NotificationPayload) throws {
        let expected = try JSONEncoder.stable.encode(payload)
        let written = payload.jsonBytes()
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(try JSONDecoder().decode(NotificationPayload.self, from: Data(written)) == payload)
    }
}
