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
        try Self.check(request, receiver: receiver)
        return try Self.answer(await client.exchange(request, receiver: receiver, timeout: timeout), to: request, receiver: receiver).get()
    }

    /// Sends `requests` with at most `window` in flight, the next one going out as soon as one
    /// ends; each outcome comes as ``answer(_:to:receiver:)`` reads it. Requests must have passed
    /// ``check(_:receiver:)``.
    /// With `closed` false, more requests follow through the run's `add` and `close`.
    func run(_ requests: [WebhookRequest], closed: Bool = true, receiver: String, window: Int) -> CurlRun {
        client.run(requests, closed: closed, receiver: receiver, timeout: timeout, window: window)
    }

    /// Refuses a request whose URL is not HTTP(S).
    static func check(_ request: WebhookRequest, receiver: String) throws(NotifierError) {
        guard WebhookFormatter.isHTTPURL(request.url) else {
            throw NotifierError(receiver: receiver, target: request.url, reason: .request("invalid URL"))
        }
    }

    /// A 2xx answer as the response; any other status as an error with the receiver's name, its
    /// body and its `Retry-After`.
    static func answer(_ outcome: CurlTransfer.Outcome, to request: WebhookRequest, receiver: String) -> Result<Response, NotifierError> {
        guard case .success(let response) = outcome, !(200..<300).contains(response.status) else { return outcome }
        return .failure(NotifierError(receiver: receiver, target: request.url,
                                      reason: .status(response.status, body: String(decoding: response.body.prefix(512), as: UTF8.self)),
                                      retryAfter: response.headers["retry-after"].flatMap(Double.init)))
    }
}
