import Payloads
/// PagerDuty Events API v2: trigger while the alarm is up, acknowledge, resolve; one incident per
/// alarm occurrence through a stable `dedup_key`.
struct PagerDutyPayload: Encodable {
    struct Details: Encodable {
        var summary: String
        var source: String
        var severity: String
        var timestamp: String
        var component: String
        var group: String
        var `class`: String
        var custom_details: [String: String]
    }

    var routing_key: String
    var event_action: String
    var dedup_key: String
    var payload: Details?
    var client: String?
    var client_url: String?

    /// PagerDuty's severities by priority rank.
    static func severity(rank: Int) -> String {
        switch rank {
        case 900...: return "critical"
        case 600..<900: return "error"
        case 400..<600: return "warning"
        default: return "info"
        }
    }

    init(_ document: NotificationDocument, routingKey: String, externalURL: String?) {
        let intent = document.intent
        routing_key = routingKey
        dedup_key = "pdm/\(document.asset)/\(document.rule)/\(intent.occurrence)"
        switch intent.kind {
        case .acknowledged: event_action = "acknowledge"
        case .cleared, .floodEnded: event_action = "resolve"
        case .raised, .escalated, .repeated, .reminder, .flood, .reactivated: event_action = "trigger"
        }
        client = "pdm"
        client_url = externalURL
        guard event_action == "trigger" else { return }
        var details = ["kind": intent.kind.rawValue, "state": intent.state.rawValue, "priority": intent.priority.name,
                       "occurrence": String(intent.occurrence)]
        if let value = intent.value { details["value"] = String(value) }
        if let level = intent.level { details["level"] = String(level) }
        payload = Details(summary: String(document.summary.prefix(1024)), source: document.asset,
                          severity: Self.severity(rank: intent.priority.rank), timestamp: Timestamp.iso8601(intent.time),
                          component: document.asset, group: document.area, class: document.rule, custom_details: details)
    }
}
