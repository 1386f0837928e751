import Crypto
import Foundation
import Payloads
import PDMConfig

/// Builds the HTTP request of a webhook receiver for a notification: the body in the receiver's
/// format, its headers (with `${ENV}` secrets already filled in), the idempotency key and the
/// HMAC signature.
package struct WebhookFormatter: Sendable {
    package let receiver: ReceiverSettings
    private let templates: [String: CompiledRequest]

    private struct CompiledRequest: Sendable {
        var method: String
        var url: TemplateRenderer
        var headers: [(name: String, value: TemplateRenderer)]
        var body: TemplateRenderer
    }

    package init(_ receiver: ReceiverSettings) throws(NotifierError) {
        self.receiver = receiver
        var compiled: [String: CompiledRequest] = [:]
        for (kind, request) in receiver.templates {
            do {
                compiled[kind] = CompiledRequest(
                    method: request.method, url: try TemplateRenderer(request.url, for: .url),
                    headers: try request.headers.sorted { $0.key < $1.key }.map { ($0.key, try TemplateRenderer($0.value, for: .header)) },
                    body: try TemplateRenderer(request.body, for: .json))
            } catch {
                throw NotifierError(receiver: receiver.name, target: request.url, reason: .request("template for \(kind): \(error)"))
            }
        }
        templates = compiled
    }

    /// The request for a notification; nil when the receiver has nothing to send for its kind.
    package func request(for document: NotificationDocument) throws(NotifierError) -> WebhookRequest? {
        var request: WebhookRequest
        switch receiver.format {
        case .generic:
            request = WebhookRequest(method: receiver.method, url: receiver.url ?? "", body: document.payload.jsonBytes())
        case .alertmanager:
            request = WebhookRequest(method: receiver.method, url: receiver.url ?? "",
                                     body: AlertmanagerPayload(document, externalURL: receiver.externalURL).jsonBytes())
        case .pagerduty:
            request = WebhookRequest(method: receiver.method, url: receiver.url ?? "",
                                     body: PagerDutyPayload(document, routingKey: receiver.routingKey ?? "",
                                                            externalURL: receiver.externalURL).jsonBytes())
        case .template:
            guard let compiled = templates[document.intent.kind.rawValue] ?? templates["default"] else { return nil }
            let context = document.templateContext
            request = WebhookRequest(method: compiled.method, url: compiled.url.render(context),
                                     headers: compiled.headers.map { ($0.name, $0.value.render(context)) },
                                     body: Array(compiled.body.render(context).utf8))
        }
        // A URL template writes whole URLs: only what the values bring in is escaped.
        guard URL(string: request.url)?.scheme.map({ ["http", "https"].contains($0.lowercased()) }) == true else {
            throw NotifierError(receiver: receiver.name, target: request.url, reason: .request("not an http(s) URL"))
        }
        for (name, value) in receiver.headers.sorted(by: { $0.key < $1.key })
        where !request.headers.contains(where: { $0.name.lowercased() == name.lowercased() }) {
            request.headers.append((name, value))
        }
        if !request.body.isEmpty, request.header("Content-Type") == nil {
            request.headers.append(("Content-Type", "application/json"))
        }
        request.headers.append(("Idempotency-Key", document.idempotencyKey))
        request.headers.append(("X-PDM-Delivery-Attempt", String(document.attempt)))
        if let secret = receiver.secret {
            request.headers.append(("X-PDM-Signature", "sha256=" + Self.signature(of: request.body, secret: secret)))
        }
        return request
    }

    /// HMAC-SHA256 of a body under a secret, as lowercase hex.
    package static func signature(of body: [UInt8], secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return code.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }
}
