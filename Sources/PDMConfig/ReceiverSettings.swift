import Foundation
import AlarmEngine
import MQTTCodec

/// A named receiver of notifications (`receivers:` in alarms.yaml): where notifications go, in
/// which format, and how delivery is retried.
package struct ReceiverSettings: Sendable, Hashable {
    package enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Publishes notifications on an MQTT topic (consoles, SCADA).
        case mqtt
        /// Calls an HTTP endpoint (ticketing, CMMS, paging).
        case webhook
        /// Writes to pdm's log.
        case log
        /// Publishes a configured command to a device topic (remote action), at once or after an
        /// operator confirms it.
        case action
    }

    /// The body a webhook sends.
    package enum Format: String, Sendable, Hashable, CaseIterable {
        /// pdm's own JSON (docs/notifications.md, "Webhook payloads").
        case generic
        /// Alertmanager's webhook payload, version 4.
        case alertmanager
        /// PagerDuty Events API v2.
        case pagerduty
        /// Mustache templates for method, URL, headers and body, per notification kind.
        case template
    }

    /// One request of a templated webhook: every part is a Mustache template.
    package struct RequestTemplate: Sendable, Hashable {
        package var method: String
        package var url: String
        package var headers: [String: String]
        package var body: String

        package init(method: String = "POST", url: String, headers: [String: String] = [:], body: String = "") {
            self.method = method
            self.url = url
            self.headers = headers
            self.body = body
        }
    }

    /// Retries: exponential backoff from `initial` doubling up to `maximum`, with up to `jitter`
    /// of each wait taken off at random; dead after `maxAttempts`.
    package struct Retry: Sendable, Hashable {
        package var maxAttempts: Int
        package var initial: Double
        package var maximum: Double
        package var jitter: Double

        package init(maxAttempts: Int = 12, initial: Double = 2, maximum: Double = 600, jitter: Double = 0.2) {
            self.maxAttempts = maxAttempts
            self.initial = initial
            self.maximum = maximum
            self.jitter = jitter
        }
    }

    /// Circuit breaker: `failures` consecutive failures open it for `openFor` seconds, then one
    /// probe decides whether it closes.
    package struct Circuit: Sendable, Hashable {
        package var failures: Int
        package var openFor: Double

        package init(failures: Int = 5, openFor: Double = 60) {
            self.failures = failures
            self.openFor = openFor
        }
    }

    /// Another receiver that gets a notification this one failed `after` times (or at once while
    /// this one's circuit is open).
    package struct Fallback: Sendable, Hashable {
        package var receiver: String
        package var after: Int

        package init(receiver: String, after: Int = 3) {
            self.receiver = receiver
            self.after = after
        }
    }

    package var name: String
    package var kind: Kind
    // Webhooks
    package var url: String?
    package var method: String
    package var headers: [String: String]
    /// Seconds a request may take in all.
    package var timeout: Double
    package var format: Format
    /// Key for HMAC-SHA256 over the body, sent as `X-PDM-Signature: sha256=<hex>`.
    package var secret: String?
    /// PagerDuty integration key.
    package var routingKey: String?
    /// Alertmanager's `externalURL` and PagerDuty's `client_url`.
    package var externalURL: String?
    /// Templates by notification kind (`raised`, `escalated`, ..., or `default`).
    package var templates: [String: RequestTemplate]
    /// Values taken from a successful response (name → dotted path into its JSON), kept with the
    /// alarm occurrence and given to later templates as `ticket.<name>`.
    package var capture: [String: String]
    /// Where people open a ticket this receiver made: a URL with `{name}` for each captured field
    /// (`https://redmine.plant.local/issues/{issue_id}`), linked from the console's fleet page.
    package var ticketURL: String?
    package var retry: Retry
    package var circuit: Circuit
    package var fallback: Fallback?
    // MQTT and actions
    /// Topic (a Mustache template); for mqtt receivers `<prefix>/notifications/<name>` by default.
    package var topic: String?
    /// Payload template of an action.
    package var payload: String?
    package var qos: MQTTQoS
    package var retain: Bool
    /// Actions: priorities at or above this rank run at once, others wait for a confirmation;
    /// nil makes every action wait.
    package var automaticRank: Int?
    /// Notification kinds that trigger an action.
    package var actionKinds: [NotificationIntent.Kind]

    package init(name: String, kind: Kind, url: String? = nil, method: String = "POST", headers: [String: String] = [:],
                timeout: Double = 10, format: Format = .generic, secret: String? = nil, routingKey: String? = nil,
                externalURL: String? = nil, templates: [String: RequestTemplate] = [:], capture: [String: String] = [:],
                retry: Retry = Retry(), circuit: Circuit = Circuit(), fallback: Fallback? = nil, topic: String? = nil,
                payload: String? = nil, qos: MQTTQoS = .atLeastOnce, retain: Bool = false, automaticRank: Int? = nil,
                actionKinds: [NotificationIntent.Kind] = [.raised, .escalated]) {
        self.name = name
        self.kind = kind
        self.url = url
        self.method = method
        self.headers = headers
        self.timeout = timeout
        self.format = format
        self.secret = secret
        self.routingKey = routingKey
        self.externalURL = externalURL
        self.templates = templates
        self.capture = capture
        self.retry = retry
        self.circuit = circuit
        self.fallback = fallback
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
        self.automaticRank = automaticRank
        self.actionKinds = actionKinds
    }
}

extension ReceiverSettings {
    /// Why `url` cannot be a webhook's address, or nil: an absolute http(s) URL with a host and no
    /// white space or control characters. Mustache tags (`{{ticket.id}}`) count as one character.
    static func urlProblem(_ url: String) -> String? {
        let filled = url.replacingOccurrences(of: #"\{\{[^}]*\}\}"#, with: "x", options: .regularExpression)
        guard !filled.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) else {
            return "a URL may not hold spaces or control characters"
        }
        guard let components = URLComponents(string: filled), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme) else {
            return "expected an http:// or https:// URL, found '\(Redaction.url(url))'"
        }
        guard let host = components.host, !host.isEmpty else { return "the URL '\(Redaction.url(url))' has no host" }
        return nil
    }

    /// Why a header cannot be sent, or nil: its name must be an HTTP token, its value free of
    /// CR, LF and NUL (which would split or end the request head).
    static func headerProblem(name: String, value: String) -> String? {
        let tokenCharacters = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        guard !name.isEmpty, name.allSatisfy({ tokenCharacters.contains($0) }) else {
            return "header name '\(name)' is not an HTTP token"
        }
        guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
            return "header '\(name)': a value may not hold CR, LF or NUL"
        }
        return nil
    }
}

extension ReceiverSettings {
    /// The link to a ticket with these captured fields, when `ticket_url` is set and every field it
    /// names was captured; each value is percent-encoded into it.
    package func ticketLink(_ fields: [String: String]) -> String? {
        guard var text = ticketURL else { return nil }
        for (name, value) in fields {
            let encoded = value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/", "?", "#"])) ?? ""
            text = text.replacingOccurrences(of: "{\(name)}", with: encoded)
        }
        return text.contains("{") ? nil : text
    }
}
