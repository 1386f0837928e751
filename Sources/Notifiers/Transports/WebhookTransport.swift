import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends webhook requests over HTTP(S) with URLSession (libcurl underneath on Linux): one session
/// per receiver, keeping connections alive, with the receiver's timeout over the whole exchange
/// and no redirects followed.
package final class WebhookTransport: Sendable {
    /// A receiver's answer.
    package struct Response: Sendable {
        package var status: Int
        package var body: [UInt8]
        package var headers: [String: String]
    }

    private let session: URLSession
    private let timeout: Double

    package init(timeout: Double, maximumConnections: Int = 4) {
        let configuration = URLSessionConfiguration.ephemeral
        // A backstop only: the deadline of each exchange is kept by `exchange`. (URLSession on
        // Linux counts these in whole seconds, and less than one fires at once.)
        configuration.timeoutIntervalForRequest = max(timeout.rounded(.up), 1) + 1
        configuration.timeoutIntervalForResource = max(timeout.rounded(.up), 1) + 1
        configuration.httpMaximumConnectionsPerHost = maximumConnections
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        session = URLSession(configuration: configuration)
        self.timeout = timeout
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    /// Runs one exchange with a deadline over all of it (URLSession's own timeouts only bound the
    /// time between packets, so a body trickling in would hold a delivery forever).
    private func exchange(_ request: URLRequest, receiver: String, target: String) async throws(NotifierError) -> (Data, URLResponse) {
        let outcome = Once<Result<(Data, URLResponse), NotifierError>>()
        let timeout = timeout
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<(Data, URLResponse), NotifierError>, Never>) in
            outcome.onResult { continuation.resume(returning: $0) }
            let task = session.dataTask(with: request) { data, response, error in
                if let data, let response {
                    outcome.settle(.success((data, response)))
                } else if let error = error as? URLError, error.code == .timedOut {
                    outcome.settle(.failure(NotifierError(receiver: receiver, target: target, reason: .timeout(timeout))))
                } else {
                    let detail = (error as? URLError).flatMap { $0.userInfo[NSLocalizedDescriptionKey] as? String }
                        ?? error.map { "\($0)" } ?? "no response"
                    outcome.settle(.failure(NotifierError(receiver: receiver, target: target, reason: .connection(detail))))
                }
            }
            task.resume()
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if outcome.settle(.failure(NotifierError(receiver: receiver, target: target, reason: .timeout(timeout)))) {
                    task.cancel()
                }
            }
        }
        return try result.get()
    }

    /// Sends a request; a 2xx answer is returned, anything else thrown with the receiver's name.
    package func send(_ request: WebhookRequest, receiver: String) async throws(NotifierError) -> Response {
        guard let url = URL(string: request.url) else {
            throw NotifierError(receiver: receiver, target: request.url, reason: .request("invalid URL"))
        }
        var urlRequest = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.addValue(value, forHTTPHeaderField: name) }
        if !request.body.isEmpty || !["GET", "HEAD", "DELETE"].contains(request.method) {
            urlRequest.httpBody = Data(request.body)
        }
        let (data, answer) = try await exchange(urlRequest, receiver: receiver, target: request.url)
        guard let http = answer as? HTTPURLResponse else {
            throw NotifierError(receiver: receiver, target: request.url, reason: .connection("not an HTTP response"))
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        let response = Response(status: http.statusCode, body: Array(data), headers: headers)
        guard (200..<300).contains(http.statusCode) else {
            throw NotifierError(receiver: receiver, target: request.url,
                                reason: .status(http.statusCode, body: String(decoding: data.prefix(512), as: UTF8.self)),
                                retryAfter: headers["retry-after"].flatMap(Double.init))
        }
        return response
    }
}

/// A result settled once, by whichever of several racers comes first.
final class Once<Value: Sendable>: Sendable {
    private let state = Mutex<(value: Value?, handler: (@Sendable (Value) -> Void)?)>((nil, nil))

    /// Called with the value once it is settled (at once if it already is).
    func onResult(_ handler: @escaping @Sendable (Value) -> Void) {
        let ready = state.withLock { state -> Value? in
            if let value = state.value { return value }
            state.handler = handler
            return nil
        }
        if let ready { handler(ready) }
    }

    /// Settles the value; false when it was settled before.
    @discardableResult
    func settle(_ value: Value) -> Bool {
        let handler = state.withLock { state -> (@Sendable (Value) -> Void)?? in
            guard state.value == nil else { return .none }
            state.value = value
            return .some(state.handler)
        }
        guard case .some(let handler) = handler else { return false }
        handler?(value)
        return true
    }
}
