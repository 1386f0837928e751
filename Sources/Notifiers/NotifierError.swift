import PDMConfig

/// Why a notification could not be delivered, with the receiver and where it went.
package struct NotifierError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Reason: Sendable, Hashable {
        /// No connection (refused, unreachable, DNS).
        case connection(String)
        /// No complete answer within the receiver's timeout.
        case timeout(Double)
        /// The receiver answered with an error status.
        case status(Int, body: String)
        /// The request could not be built (template, URL, format).
        case request(String)
        /// The MQTT broker did not take the publication.
        case publish(String)
    }

    package var receiver: String
    /// URL (redacted: ``Redaction/url(_:)``) or topic.
    package var target: String
    package var reason: Reason
    /// Seconds the receiver asked to wait (HTTP `Retry-After`).
    package var retryAfter: Double?

    package init(receiver: String, target: String, reason: Reason, retryAfter: Double? = nil) {
        self.receiver = receiver
        self.target = Redaction.url(target)
        self.reason = reason
        self.retryAfter = retryAfter
    }

    /// Errors a retry cannot mend: a request pdm cannot build, or a 4xx answer other than
    /// 408 (timeout), 409 (conflict), 425 (too early) and 429 (rate limited).
    package var isPermanent: Bool {
        switch reason {
        case .request: return true
        case .status(let code, _): return (400..<500).contains(code) && ![408, 409, 425, 429].contains(code)
        case .connection, .timeout, .publish: return false
        }
    }

    package var description: String {
        let what: String
        switch reason {
        case .connection(let detail): what = "no connection: \(detail)"
        case .timeout(let seconds): what = "no answer within \(seconds.formatted()) s"
        case .status(let code, let body):
            what = "HTTP \(code)" + (body.isEmpty ? "" : ": " + String(body.prefix(200)))
        case .request(let detail): what = "request not built: \(detail)"
        case .publish(let detail): what = "not published: \(detail)"
        }
        // Details come from the transport and the receiver, and may quote the URL.
        return "receiver '\(receiver)' (\(target)): " + Redaction.text(what)
    }
}

extension Double {
    /// Seconds for messages: whole numbers without a fraction.
    func formatted() -> String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
