import Payloads

/// Alertmanager's webhook payload, version 4: one alert per notification, `firing` until the alarm
/// clears. Labels: alertname (the rule), asset, rule, area, severity (the priority).
struct AlertmanagerPayload: Encodable {
    struct Alert: Encodable {
        var status: String
        var labels: [String: String]
        var annotations: [String: String]
        var startsAt: String
        var endsAt: String
        var generatorURL: String
        var fingerprint: String
    }

    var version = "4"
    var groupKey: String
    var truncatedAlerts = 0
    var status: String
    var receiver: String
    var groupLabels: [String: String]
    var commonLabels: [String: String]
    var commonAnnotations: [String: String]
    var externalURL: String
    var alerts: [Alert]

    init(_ document: NotificationDocument, externalURL: String?) {
        let intent = document.intent
        status = document.isResolution ? "resolved" : "firing"
        receiver = document.receiver
        var labels = ["alertname": document.rule, "asset": document.asset, "rule": document.rule, "area": document.area,
                      "severity": intent.priority.name]
        labels["occurrence"] = String(intent.occurrence)
        var annotations = ["summary": document.summary, "description": intent.message, "kind": intent.kind.rawValue,
                           "state": intent.state.rawValue]
        if let value = intent.value { annotations["value"] = String(value) }
        groupLabels = ["asset": document.asset, "rule": document.rule]
        groupKey = "{}:{asset=\"\(document.asset)\", rule=\"\(document.rule)\"}"
        commonLabels = labels
        commonAnnotations = annotations
        self.externalURL = externalURL ?? ""
        let startsAt = Timestamp.iso8601(document.raisedAt ?? intent.time)
        alerts = [Alert(status: status, labels: labels, annotations: annotations, startsAt: startsAt,
                        endsAt: document.isResolution ? Timestamp.iso8601(intent.time) : "0001-01-01T00:00:00Z",
                        generatorURL: self.externalURL,
                        fingerprint: Fingerprint.hex("\(document.asset)/\(document.rule)/\(intent.occurrence)"))]
    }
}

/// A short stable digest (FNV-1a, 64 bits) of a text, as hex.
enum Fingerprint {
    static func hex(_ text: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
