extension AlarmPayload {
    /// The members of the alarm's JSON object; absent optionals are left out.
    package var members: [(key: String, value: JSONMember)] {
        var members: [(key: String, value: JSONMember)] = [
            ("version", .integer(version)), ("asset", .string(asset)), ("rule", .string(rule)), ("occurrence", .integer(occurrence)),
            ("state", .string(state)), ("priority", .string(priority)), ("priority_rank", .integer(priority_rank)),
            ("condition_active", .bool(condition_active)), ("acknowledged", .bool(acknowledged)), ("message", .string(message)),
            ("area", .string(area)), ("raised_at", .number(raised_at)), ("raised_ts", .string(raised_ts)),
            ("changed_at", .number(changed_at)), ("changed_ts", .string(changed_ts)), ("held_by_flood", .bool(held_by_flood)),
        ]
        if let value { members.append(("value", .number(value))) }
        if let shelved_until { members.append(("shelved_until", .number(shelved_until))) }
        for (key, text) in [("shelved_by", shelved_by), ("suppressed_by", suppressed_by), ("out_of_service_by", out_of_service_by),
                            ("channel", channel), ("unit", unit)] {
            if let text { members.append((key, .string(text))) }
        }
        return members
    }

    /// The alarm as JSON, written directly (the retained state goes out with every transition):
    /// the same bytes as `JSONEncoder.stable` gives.
    package func jsonBytes() -> [UInt8] {
        var json = JSONText()
        json.object(members: members)
        return Array(json.text.utf8)
    }
}

extension AlarmEventPayload {
    /// The event as JSON, written directly (one goes out with every transition): the alarm's
    /// members and the change's in one object, the same bytes as `JSONEncoder.stable` gives.
    package func jsonBytes() -> [UInt8] {
        var members = alarm.members
        members += [("previous_state", .string(previous_state)), ("cause", .string(cause)), ("time", .number(time)), ("ts", .string(ts))]
        if let user { members.append(("user", .string(user))) }
        if let comment { members.append(("comment", .string(comment))) }
        var json = JSONText()
        json.object(members: members)
        return Array(json.text.utf8)
    }
}
