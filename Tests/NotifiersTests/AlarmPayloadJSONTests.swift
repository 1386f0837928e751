import AlarmEngine
import Foundation
import Payloads
import Testing

@Suite("Alarm payload JSON and timestamps")
struct AlarmPayloadJSONTests {
    /// Alarms that reach every branch of the direct writer: absent and present optionals, strings
    /// that need escaping, and numbers the generic encoder writes in its own way.
    static let alarms: [Alarm] = {
        let values: [Double?] = [nil, 97.5, 0, -0.0, 3e15, 1e20, 1e-5, 0.1 + 0.2]
        let messages = ["bearing temperature high", "quote \" backslash \\ slash / tab \t line\nreturn\r", "é 漢 \u{2028} 🙂 \u{1}", ""]
        return values.enumerated().map { index, value in
            var alarm = Alarm(key: AlarmKey(asset: "pump-\(index)", rule: "bearing-hot"), priority: index.isMultiple(of: 2) ? .high : .low,
                              area: index == 3 ? "hall \"B\"" : "pump-house", message: messages[index % messages.count],
                              now: 1_764_888_000.123456 + Double(index) * 86_400.37)
            alarm.occurrence = index + 1
            alarm.value = value
            alarm.conditionActive = index.isMultiple(of: 3)
            alarm.acknowledged = index == 2
            alarm.held = index == 5
            if index == 1 { alarm.shelf = Shelf(kind: .timed, until: 1_764_899_000.25, user: "jdoe", reason: "maintenance") }
            if index == 4 { alarm.suppressedBy = "running=off" }
            if index == 6 { alarm.outOfServiceBy = "night shift" }
            return alarm
        }
    }()

    @Test("the direct writer gives the generic encoder's bytes for the state", arguments: alarms)
    func stateAsTheEncoderWritesIt(_ alarm: Alarm) throws {
        for payload in [AlarmPayload(alarm), AlarmPayload(alarm, channel: "temp", unit: "°C")] {
            let expected = try JSONEncoder.stable.encode(payload)
            #expect(String(decoding: payload.jsonBytes(), as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        }
    }

    @Test("the direct writer gives the generic encoder's bytes for the event", arguments: alarms)
    func eventAsTheEncoderWritesIt(_ alarm: Alarm) throws {
        let transitions = [
            AlarmTransition(key: alarm.key, occurrence: alarm.occurrence, time: alarm.changedAt, from: .normal, to: .unacknowledged,
                            cause: .conditionActive, priority: alarm.priority, value: alarm.value),
            AlarmTransition(key: alarm.key, occurrence: alarm.occurrence, time: alarm.changedAt + 0.5, from: .unacknowledged,
                            to: .acknowledged, cause: .acknowledged, user: "j\"doe", comment: "on it\n", priority: alarm.priority),
        ]
        for transition in transitions {
            let payload = AlarmEventPayload(transition: transition, alarm: alarm)
            let expected = try JSONEncoder.stable.encode(payload)
            #expect(String(decoding: payload.jsonBytes(), as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        }
    }

    /// Times away from a millisecond's edge, where the truncation of both is the same.
    @Test func timestampsAsFoundationWritesThem() {
        var generator = SystemRandomNumberGenerator()
        var times: [Double] = [0, 0.5, -0.25, 951_782_400.5, 951_868_799.999_2, 4_102_444_800, 1_764_888_000.123_4, 253_402_300_799.000_2,
                               -11_676_095_999.999_8]
        for _ in 0..<2000 {
            times.append(Double(Int64.random(in: -2_000_000_000_000...8_000_000_000_000, using: &generator)) / 1000 + 0.000_2)
        }
        for time in times {
            let expected = Date(timeIntervalSince1970: time).formatted(.iso8601.time(includingFractionalSeconds: true)
                .year().month().day().dateTimeSeparator(.standard).timeZone(separator: .omitted))
            #expect(Timestamp.iso8601(time) == expected, "\(time)")
        }
        // Outside the years 1600–9999 and NaN: the general formatter, no trap.
        for time in [Double.nan, .infinity, -.infinity, 1e18, -1e18] { _ = Timestamp.iso8601(time) }
    }
}
