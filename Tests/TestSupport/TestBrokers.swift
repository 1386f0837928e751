import Foundation

/// The brokers that scripts/test starts, found through environment variables; when a variable is
/// missing (a plain `swift test`), a private broker is started instead so the tests still run.
package enum TestBrokers {
    /// Port of the broker `name` (PLAIN, AUTH, TLS, LIMITED) from `PDM_TEST_MQTT_<name>_PORT`.
    package static func port(_ name: String) -> Int? {
        ProcessInfo.processInfo.environment["PDM_TEST_MQTT_\(name)_PORT"].flatMap(Int.init)
    }

    /// Directory holding ca.pem, server.pem, client.pem, client.key for the TLS broker.
    package static var tlsDirectory: String? { ProcessInfo.processInfo.environment["PDM_TEST_TLS_DIR"] }

    /// The plain broker, from scripts/test or started privately.
    package static func plain() async throws -> (port: Int, owned: MosquittoBroker?) {
        if let port = port("PLAIN") { return (port, nil) }
        let broker = try await MosquittoBroker()
        return (broker.port, broker)
    }

    /// Whether mosquitto can be run here; tests needing a broker are skipped otherwise.
    package static var available: Bool { port("PLAIN") != nil || MosquittoBroker.executable != nil }
}
