import AlarmEngine
import Foundation

extension AlarmEvent {
    /// Version of the alarm payload format.
    public static let payloadVersion = 2

    private struct Payload: Encodable {
        var version: Int
        var asset: String
        var rule: String
        var occurrence: Int
        var state: String
        var previous_state: String
        var cause: String
        var priority: String
        var priority_rank: Int
        var condition_active: Bool
        var acknowledged: Bool
        var value: Double?
        var ts: String
        var time: Double
        var user: String?
        var comment: String?
        var message: String
        var area: String
    }

    /// The JSON payload (keys sorted, so equal events give equal bytes).
    public func jsonPayload() -> [UInt8] {
        let payload = Payload(
            version: Self.payloadVersion, asset: asset, rule: rule, occurrence: alarm.occurrence,
            state: transition.to.rawValue, previous_state: transition.from.rawValue, cause: transition.cause.rawValue,
            priority: alarm.priority.name, priority_rank: alarm.priority.rank, condition_active: alarm.conditionActive,
            acknowledged: alarm.acknowledged, value: alarm.value,
            ts: Date(timeIntervalSince1970: transition.time).formatted(.iso8601.time(includingFractionalSeconds: true)
                .year().month().day().dateTimeSeparator(.standard).timeZone(separator: .omitted)),
            time: transition.time, user: transition.user, comment: transition.comment, message: alarm.message,
            area: alarm.area)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every field is a string, a Bool or a finite number, so encoding cannot fail.
        return Array((try? encoder.encode(payload)) ?? Data("{}".utf8))
    }
}
