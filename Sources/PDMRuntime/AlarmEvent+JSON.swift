import AlarmEngine
import Foundation
import Notifiers

extension AlarmEvent {
    /// Version of the alarm event and state payloads (3: event and state on their own topics).
    public static let payloadVersion = 3

    private struct EventPayload: Encodable {
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

    private struct StatePayload: Encodable {
        var version: Int
        var asset: String
        var rule: String
        var occurrence: Int
        var state: String
        var priority: String
        var priority_rank: Int
        var condition_active: Bool
        var acknowledged: Bool
        var value: Double?
        var message: String
        var area: String
        var raised_at: Double
        var raised_ts: String
        var changed_at: Double
        var changed_ts: String
        var shelved_until: Double?
        var shelved_by: String?
        var suppressed_by: String?
        var out_of_service_by: String?
        var held_by_flood: Bool
    }

    /// The event payload (keys sorted, so equal events give equal bytes).
    public func jsonPayload() -> [UInt8] {
        let payload = EventPayload(
            version: Self.payloadVersion, asset: asset, rule: rule, occurrence: alarm.occurrence,
            state: transition.to.rawValue, previous_state: transition.from.rawValue, cause: transition.cause.rawValue,
            priority: alarm.priority.name, priority_rank: alarm.priority.rank, condition_active: alarm.conditionActive,
            acknowledged: alarm.acknowledged, value: alarm.value, ts: Timestamp.iso8601(transition.time),
            time: transition.time, user: transition.user, comment: transition.comment, message: alarm.message,
            area: alarm.area)
        return payload.jsonBytes()
    }

    /// The retained state payload: the alarm after the event.
    public func statePayload() -> [UInt8] {
        let payload = StatePayload(
            version: Self.payloadVersion, asset: asset, rule: rule, occurrence: alarm.occurrence, state: alarm.state.rawValue,
            priority: alarm.priority.name, priority_rank: alarm.priority.rank, condition_active: alarm.conditionActive,
            acknowledged: alarm.acknowledged, value: alarm.value, message: alarm.message, area: alarm.area,
            raised_at: alarm.raisedAt, raised_ts: Timestamp.iso8601(alarm.raisedAt), changed_at: alarm.changedAt,
            changed_ts: Timestamp.iso8601(alarm.changedAt), shelved_until: alarm.shelf?.until, shelved_by: alarm.shelf?.user,
            suppressed_by: alarm.suppressedBy, out_of_service_by: alarm.outOfServiceBy, held_by_flood: alarm.held)
        return payload.jsonBytes()
    }
}
