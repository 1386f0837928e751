extension NotificationPayload {
    /// The payload as JSON, written directly (it is made for every delivery): the same bytes as
    /// the generic encoder's `JSONEncoder.stable` gives, with sorted keys and absent optionals
    /// left out.
    package func jsonBytes() -> [UInt8] {
        var json = JSONText()
        json.object { json in
            json.field("area", area)
            json.field("asset", asset)
            json.field("idempotency_key", idempotency_key)
            json.field("kind", kind)
            if let level {
                json.key("level")
                json.number(level)
            }
            json.field("message", message)
            json.key("occurrence")
            json.number(occurrence)
            json.field("priority", priority)
            json.key("priority_rank")
            json.number(priority_rank)
            json.field("raised_at", raised_at)
            json.field("receiver", receiver)
            json.field("rule", rule)
            json.field("state", state)
            json.key("ticket")
            json.object { json in
                for (name, value) in ticket.sorted(by: { $0.key < $1.key }) { json.field(name, value) }
            }
            json.field("time", time)
            json.field("ts", ts)
            json.field("value", value)
            json.key("version")
            json.number(version)
        }
        return Array(json.text.utf8)
    }
}
