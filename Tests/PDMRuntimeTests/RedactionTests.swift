import Notifiers
import PDMConfig
import Testing

@Suite("Secrets stay secret")
struct RedactionTests {
    @Test("URLs show scheme, host and first path segment only", arguments: [
        ("https://hooks.slack.com/services/T000/B000/XXXXSECRET", "https://hooks.slack.com/services/…"),
        ("https://user:pw@example.com/orders?token=SECRET#x", "https://***@example.com/orders?…"),
        ("http://127.0.0.1:8080/orders", "http://127.0.0.1:8080/orders"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("https://events.pagerduty.com/v2/enqueue", "https://events.pagerduty.com/v2/…"),
        ("not a url", "not a url"),
    ])
    func urls(url: String, shown: String) {
        #expect(Redaction.url(url) == shown)
    }

    @Test("URLs inside free text are redacted, the rest is kept")
    func text() {
        let text = #"Could not connect: "https://hooks.example.com/services/T0/SECRET?k=SECRET" (code -1004); retry"#
        #expect(Redaction.text(text) == #"Could not connect: "https://hooks.example.com/services/…?…" (code -1004); retry"#)
    }

    @Test("delivery errors, which go to logs, last_error and the API, never carry the secret")
    func notifierErrors() {
        let error = NotifierError(receiver: "chat", target: "https://hooks.example.com/services/T0/B0/SECRET",
                                  reason: .connection("connection refused by https://hooks.example.com/services/T0/B0/SECRET"))
        #expect(!error.description.contains("SECRET"), "\(error)")
        #expect(!error.target.contains("SECRET"))
        let status = NotifierError(receiver: "chat", target: "https://a.example/x?token=SECRET",
                                   reason: .status(403, body: "bad token for https://a.example/x?token=SECRET"))
        #expect(!status.description.contains("SECRET"), "\(status)")
    }
}
