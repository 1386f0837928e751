import AlarmEngine
import MQTTCodec

/// Reading the `receivers:` section of alarms.yaml, next to what it makes.
extension PDMConfiguration {
    static func readReceivers(_ node: ConfigNode, priorities: [String: Priority]) -> [String: ReceiverSettings] {
        var receivers: [String: ReceiverSettings] = [:]
        var fallbacks: [(ConfigNode, String)] = []
        for (name, value) in node.entries() {
            value.checkKeys(["kind", "url", "method", "headers", "timeout", "format", "secret", "routing_key", "external_url",
                             "templates", "capture", "ticket_url", "retry", "circuit", "fallback", "topic", "payload", "qos", "retain",
                             "automatic_from", "on"])
            guard let kindText = value.child("kind").string(required: true) else { continue }
            guard let kind = ReceiverSettings.Kind(rawValue: kindText) else {
                value.reader.report(value.child("kind").node, value.path + ".kind", "expected one of "
                    + ReceiverSettings.Kind.allCases.map(\.rawValue).joined(separator: ", ") + ", found '\(kindText)'")
                continue
            }
            var receiver = ReceiverSettings(name: name, kind: kind, url: value.child("url").string())
            if let method = value.child("method").string() { receiver.method = method.uppercased() }
            for (header, text) in value.child("headers").entries() {
                receiver.headers[header] = text.string() ?? ""
                if let problem = ReceiverSettings.headerProblem(name: header, value: receiver.headers[header] ?? "") {
                    value.reader.report(text.node, text.path, problem)
                }
            }
            if kind == .webhook, let url = receiver.url, let problem = ReceiverSettings.urlProblem(url) {
                value.reader.report(value.child("url").node, value.path + ".url", problem)
            }
            if let timeout = value.child("timeout").duration() {
                if timeout > 0 { receiver.timeout = timeout } else {
                    value.reader.report(value.child("timeout").node, value.path + ".timeout", "must be positive")
                }
            }
            if let text = value.child("format").string() {
                if let format = ReceiverSettings.Format(rawValue: text) { receiver.format = format } else {
                    value.reader.report(value.child("format").node, value.path + ".format", "expected one of "
                        + ReceiverSettings.Format.allCases.map(\.rawValue).joined(separator: ", ") + ", found '\(text)'")
                }
            }
            receiver.secret = value.child("secret").string().flatMap { $0.isEmpty ? nil : $0 }
            receiver.routingKey = value.child("routing_key").string()
            receiver.externalURL = value.child("external_url").string()
            let kinds = Set(NotificationIntent.Kind.allCases.map(\.rawValue) + ["default"])
            for (kindName, template) in value.child("templates").entries() {
                guard kinds.contains(kindName) else {
                    value.reader.report(template.node, template.path, "unknown notification kind '\(kindName)' (known: "
                        + kinds.sorted().joined(separator: ", ") + ")")
                    continue
                }
                template.checkKeys(["method", "url", "headers", "body"])
                var request = ReceiverSettings.RequestTemplate(url: template.child("url").string() ?? receiver.url ?? "")
                if request.url.isEmpty { template.reader.report(template.node, template.path + ".url", "is required (or set the receiver's url)") }
                request.method = template.child("method").string()?.uppercased() ?? receiver.method
                for (header, text) in template.child("headers").entries() {
                    request.headers[header] = text.string() ?? ""
                    if let problem = ReceiverSettings.headerProblem(name: header, value: request.headers[header] ?? "") {
                        template.reader.report(text.node, text.path, problem)
                    }
                }
                if let problem = ReceiverSettings.urlProblem(request.url), !request.url.isEmpty {
                    template.reader.report(template.child("url").node ?? template.node, template.path + ".url", problem)
                }
                request.body = template.child("body").string() ?? ""
                for (part, text) in [("url", request.url), ("body", request.body)] + request.headers.map({ ("headers.\($0.key)", $0.value) }) {
                    if let problem = TemplateCheck.problem(in: text) {
                        template.reader.report(template.child(part).node ?? template.node, template.path + "." + part, problem)
                    }
                }
                receiver.templates[kindName] = request
            }
            for (field, path) in value.child("capture").entries() {
                if let text = path.string(required: true) { receiver.capture[field] = text }
            }
            if let link = value.child("ticket_url").string() {
                let named = link.split(separator: "{").dropFirst().compactMap { $0.split(separator: "}").first.map(String.init) }
                if !(link.hasPrefix("https://") || link.hasPrefix("http://")) {
                    value.reader.report(value.child("ticket_url").node, value.path + ".ticket_url", "must be an http or https URL")
                } else if let unknown = named.first(where: { receiver.capture[$0] == nil }) {
                    value.reader.report(value.child("ticket_url").node, value.path + ".ticket_url",
                                        "names '{\(unknown)}', which capture does not define")
                } else {
                    receiver.ticketURL = link
                }
            }
            let retry = value.child("retry")
            retry.checkKeys(["max_attempts", "initial", "max", "jitter"])
            if let attempts = retry.child("max_attempts").int(range: 1...1000) { receiver.retry.maxAttempts = attempts }
            if let initial = retry.child("initial").duration() { receiver.retry.initial = max(initial, 0.001) }
            if let maximum = retry.child("max").duration() { receiver.retry.maximum = max(maximum, receiver.retry.initial) }
            if let jitter = retry.child("jitter").double() {
                if (0...1).contains(jitter) { receiver.retry.jitter = jitter } else {
                    retry.reader.report(retry.child("jitter").node, retry.path + ".jitter", "must be between 0 and 1")
                }
            }
            let circuit = value.child("circuit")
            circuit.checkKeys(["failures", "open_for"])
            if let failures = circuit.child("failures").int(range: 1...10_000) { receiver.circuit.failures = failures }
            if let openFor = circuit.child("open_for").duration() { receiver.circuit.openFor = max(openFor, 0.001) }
            let fallback = value.child("fallback")
            if fallback.exists {
                fallback.checkKeys(["receiver", "after"])
                if let other = fallback.child("receiver").string(required: true) {
                    receiver.fallback = .init(receiver: other, after: fallback.child("after").int(range: 1...1000) ?? 3)
                    fallbacks.append((fallback.child("receiver"), other))
                    if other == name { fallback.reader.report(fallback.child("receiver").node, fallback.path + ".receiver", "a receiver cannot be its own fallback") }
                }
            }
            receiver.topic = value.child("topic").string()
            receiver.payload = value.child("payload").string()
            for (part, text) in [("topic", receiver.topic), ("payload", receiver.payload)] {
                if let text, let problem = TemplateCheck.problem(in: text) {
                    value.reader.report(value.child(part).node, value.path + "." + part, problem)
                }
            }
            if let qos = value.child("qos").int(range: 0...2).flatMap({ MQTTQoS(rawValue: UInt8($0)) }) { receiver.qos = qos }
            if let retain = value.child("retain").bool() { receiver.retain = retain }
            if let automatic = value.child("automatic_from").string() {
                if let priority = priorities[automatic] { receiver.automaticRank = priority.rank } else {
                    reportUnknownPriority(automatic, value.child("automatic_from"), priorities)
                }
            }
            let on = value.child("on")
            if on.exists {
                receiver.actionKinds = []
                for (index, text) in on.strings().enumerated() {
                    if let kind = NotificationIntent.Kind(rawValue: text) { receiver.actionKinds.append(kind) } else {
                        value.reader.report(on.elements().indices.contains(index) ? on.elements()[index].node : on.node, on.path,
                                            "unknown notification kind '\(text)'")
                    }
                }
            }
            switch kind {
            case .webhook:
                if receiver.format == .template {
                    if receiver.templates.isEmpty { value.reader.report(value.node, value.path, "a template webhook needs 'templates'") }
                } else if receiver.url == nil {
                    value.reader.report(value.node, value.path, "a webhook receiver needs 'url'")
                }
                if receiver.format == .pagerduty, receiver.routingKey == nil {
                    value.reader.report(value.node, value.path, "a pagerduty webhook needs 'routing_key'")
                }
            case .action:
                if receiver.topic == nil { value.reader.report(value.node, value.path, "an action receiver needs 'topic'") }
                if receiver.payload == nil { value.reader.report(value.node, value.path, "an action receiver needs 'payload'") }
            case .mqtt, .log:
                break
            }
            receivers[name] = receiver
        }
        for (node, other) in fallbacks where receivers[other] == nil {
            node.reader.report(node.node, node.path, "unknown receiver '\(other)' (known: " + receivers.keys.sorted().joined(separator: ", ") + ")")
        }
        return receivers
    }
}
