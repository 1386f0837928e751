import AlarmEngine
import Payloads

extension Alarm {
    /// The alarm as stored in `alarm.record`: the JSON its `Codable` conformance reads back.
    func recordJSON() -> String {
        var json = JSONText()
        json.object { json in
            json.key("key")
            json.key(key)
            json.key("occurrence")
            json.number(occurrence)
            json.key("priority")
            json.priority(priority)
            json.key("conditionActive")
            json.bool(conditionActive)
            json.key("acknowledged")
            json.bool(acknowledged)
            json.key("awaitingReset")
            json.bool(awaitingReset)
            if let shelf {
                json.key("shelf")
                json.object { json in
                    json.field("kind", shelf.kind.rawValue)
                    json.field("until", shelf.until)
                    json.field("user", shelf.user)
                    json.field("reason", shelf.reason)
                }
            }
            json.field("suppressedBy", suppressedBy)
            json.field("outOfServiceBy", outOfServiceBy)
            json.key("held")
            json.bool(held)
            json.field("raisedAt", raisedAt)
            json.field("changedAt", changedAt)
            json.field("value", value)
            json.field("message", message)
            json.field("area", area)
            if let escalation {
                json.key("escalation")
                json.object { json in
                    json.key("policy")
                    json.object { json in
                        json.field("name", escalation.policy.name)
                        json.key("levels")
                        json.array { json in
                            for level in escalation.policy.levels {
                                json.object { json in
                                    json.field("after", level.after)
                                    json.key("receivers")
                                    json.strings(level.receivers)
                                }
                            }
                        }
                        json.key("repeatCount")
                        json.number(escalation.policy.repeatCount)
                        json.field("repeatInterval", escalation.policy.repeatInterval)
                        json.field("reminder", escalation.policy.reminder)
                    }
                    json.field("policyVersion", escalation.policyVersion)
                    json.key("nextLevel")
                    json.number(escalation.nextLevel)
                    json.key("repeats")
                    json.number(escalation.repeats)
                    json.field("due", escalation.due)
                    json.key("notified")
                    json.strings(escalation.notified)
                    json.key("sequence")
                    json.number(escalation.sequence)
                }
            }
            json.field("reminderDue", reminderDue)
            json.key("recentTransitions")
            json.array { json in
                for time in recentTransitions { json.number(time) }
            }
        }
        return json.text
    }
}

extension NotificationIntent {
    /// The intent as stored in `outbox.payload`: the JSON its `Codable` conformance reads back.
    func payloadJSON() -> String {
        var json = JSONText()
        json.object { json in
            json.field("idempotencyKey", idempotencyKey)
            json.field("kind", kind.rawValue)
            json.key("key")
            json.key(key)
            json.key("occurrence")
            json.number(occurrence)
            json.key("receivers")
            json.strings(receivers)
            json.field("time", time)
            json.key("priority")
            json.priority(priority)
            json.field("state", state.rawValue)
            json.field("value", value)
            json.field("message", message)
            if let level {
                json.key("level")
                json.number(level)
            }
        }
        return json.text
    }
}

extension JSONText {
    mutating func key(_ key: AlarmKey) {
        object { json in
            json.field("asset", key.asset)
            json.field("rule", key.rule)
        }
    }

    mutating func priority(_ priority: Priority) {
        object { json in
            json.field("name", priority.name)
            json.key("rank")
            json.number(priority.rank)
        }
    }

    mutating func strings(_ values: [String]) {
        array { json in
            for value in values { json.string(value) }
        }
    }
}
