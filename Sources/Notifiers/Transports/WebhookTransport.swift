import Foundation

/// Sends webhook requests over HTTP(S) with libcurl's multi interface (``CurlClient``): one
/// client per receiver, keeping connections alive, with the receiver's timeout over the whole
/// exchange and no redirects followed.
package final class WebhookTransport: Sendable {
    /// A receiver's answer.
    package struct Response: Sendable {
        package var status: Int
        package var body: [UInt8]
        package var headers: [String: String]
    }

    private let client: CurlClient
    private let timeout: Double

    /// - Parameters:
    ///   - timeout: seconds over each whole exchange.
    ///   - maximumConnections: connections kept open to one host.
    package init(timeout: Double, maximumConnections: Int = 4) {
        client = CurlClient(maximumConnections: maximumConnections)
        self.timeout = timeout
    }

    /// Sends a request; a 2xx answer is returned, anything else thrown with the receiver's name.
    package func send(_ request: WebhookRequest, receiver: String) async throws(NotifierError) -> Response {
        guard WebhookFormatter.isHTTPURL(request.url) else {
            throw NotifierError(receiver: receiver, target: request.url, reason: .request("invalid URL"))
        }
        let response = try await client.exchange(request, receiver: receiver, timeout: timeout).get()
        guard (200..<300).contains(response.status) else {
            throw NotifierError(receiver: receiver, target: request.url,
                                reason: .status(response.status, body: String(decoding: response.body.prefix(512), as: UTF8.self)),
                                retryAfter: response.headers["retry-after"].flatMap(Double.init))
        }
        return response
    }
}
