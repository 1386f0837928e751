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
    /// The receiver's own headers, by name, with their lowercased names for the comparison with a
    /// template's headers.
    private let headers: [(name: String, lowercased: String, value: String)]
    /// The receiver's secret as bytes, for the signature.
    private let secret: [UInt8]?
    /// Whether the receiver's fixed URL (every format but templates) is an http(s) URL, checked once.
    private let fixedURLIsHTTP: Bool

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
        headers = receiver.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.key.lowercased(), $0.value) }
        secret = receiver.secret.map { Array($0.utf8) }
        fixedURLIsHTTP = receiver.url.map(Self.isHTTPURL) ?? false
    }

    /// The request for a notification; nil when the receiver has nothing to send for its kind.
    package func request(for document: NotificationDocument) throws(NotifierError) -> WebhookRequest? {
        var request: WebhookRequest
        var urlIsHTTP = fixedURLIsHTTP
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
            // A URL template writes whole URLs: only what the values bring in is escaped.
            urlIsHTTP = Self.isHTTPURL(request.url)
        }
        guard urlIsHTTP else {
            throw NotifierError(receiver: receiver.name, target: request.url, reason: .request("not an http(s) URL"))
        }
        let templated = request.headers.map { $0.name.lowercased() }
        request.headers.reserveCapacity(request.headers.count + headers.count + 4)
        for header in headers where !templated.contains(header.lowercased) {
            request.headers.append((header.name, header.value))
        }
        if !request.body.isEmpty, request.header("Content-Type") == nil {
            request.headers.append(("Content-Type", "application/json"))
        }
        request.headers.append(("Idempotency-Key", document.idempotencyKey))
        request.headers.append(("X-PDM-Delivery-Attempt", String(document.attempt)))
        if let secret {
            request.headers.append(("X-PDM-Signature", "sha256=" + Self.signature(of: request.body, key: SymmetricKey(data: secret))))
        }
        return request
    }

    /// Whether a URL parses and its scheme is http or https.
    package static func isHTTPURL(_ text: String) -> Bool {
        URL(string: text)?.scheme.map { ["http", "https"].contains($0.lowercased()) } == true
    }

    /// HMAC-SHA256 of a body under a secret, as lowercase hex.
    package static func signature(of body: [UInt8], secret: String) -> String {
        signature(of: body, key: SymmetricKey(data: Array(secret.utf8)))
    }

    private static func signature(of body: [UInt8], key: SymmetricKey) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: key)
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(SHA256.byteCount * 2)
        for byte in code {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
