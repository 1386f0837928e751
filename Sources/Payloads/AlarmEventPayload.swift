import AlarmEngine

/// A change of an alarm as published on `<prefix>/alarms/<asset>/<rule>/event`: the journal
/// entry's fields beside the alarm's record after it (one flat object; `state` is the state the
/// change led to). Its JSON Schema is `Schemas/alarm-event.schema.json`.
package struct AlarmEventPayload: Encodable, Sendable, Hashable {
    /// The alarm after the change, with `state` set to the change's.
    package var alarm: AlarmPayload
    package var previous_state: String
    package var cause: String
    package var time: Double
    package var ts: String
    package var user: String?
    package var comment: String?

    private enum CodingKeys: String, CodingKey {
        case previous_state, cause, time, ts, user, comment
    }

    package init(transition: AlarmTransition, alarm: Alarm) {
        var record = AlarmPayload(alarm)
        record.state = transition.to.rawValue
        self.alarm = record
        previous_state = transition.from.rawValue
        cause = transition.cause.rawValue
        time = transition.time
        ts = Timestamp.iso8601(transition.time)
        user = transition.user
        comment = transition.comment
    }

    /// One object: the record's keys and the change's side by side.
    package func encode(to encoder: any Encoder) throws {
        try alarm.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(previous_state, forKey: .previous_state)
        try container.encode(cause, forKey: .cause)
        try container.encode(time, forKey: .time)
        try container.encode(ts, forKey: .ts)
        try container.encodeIfPresent(user, forKey: .user)
        try container.encodeIfPresent(comment, forKey: .comment)
    }
}
