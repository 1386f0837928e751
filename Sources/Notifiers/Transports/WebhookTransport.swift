import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends webhook requests over HTTP(S) with URLSession (libcurl underneath on Linux): one session
/// per receiver, keeping connections alive, with the receiver's timeout over the whole exchange
/// and no redirects followed.
public final class WebhookTransport: Sendable {
    /// A receiver's answer.
    public struct Response: Sendable {
        public var status: Int
        public var body: [UInt8]
        public var headers: [String: String]
    }

    private let session: URLSession
    private let timeout: Double

    public init(timeout: Double, maximumConnections: Int = 4) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
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

    /// Sends a request; a 2xx answer is returned, anything else thrown with the receiver's name.
    public func send(_ request: WebhookRequest, receiver: String) async throws(NotifierError) -> Response {
        guard let url = URL(string: request.url) else {
            throw NotifierError(receiver: receiver, target: request.url, reason: .request("invalid URL"))
        }
        var urlRequest = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.addValue(value, forHTTPHeaderField: name) }
        if !request.body.isEmpty || !["GET", "HEAD", "DELETE"].contains(request.method) {
            urlRequest.httpBody = Data(request.body)
        }
        let data: Data
        let answer: URLResponse
        do {
            (data, answer) = try await session.data(for: urlRequest)
        } catch let error as URLError {
            switch error.code {
            case .timedOut: throw NotifierError(receiver: receiver, target: request.url, reason: .timeout(timeout))
            default:
                throw NotifierError(receiver: receiver, target: request.url,
                                    reason: .connection(error.userInfo[NSLocalizedDescriptionKey] as? String ?? "\(error.code)"))
            }
        } catch {
            throw NotifierError(receiver: receiver, target: request.url, reason: .connection("\(error)"))
        }
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
