import Foundation

/// The brokers that scripts/test starts, found through environment variables; when a variable is
/// missing (a plain `swift test`), a private broker is started instead so the tests still run.
public enum TestBrokers {
    /// Port of the broker `name` (PLAIN, AUTH, TLS, LIMITED) from `PDM_TEST_MQTT_<name>_PORT`.
    public static func port(_ name: String) -> Int? {
        ProcessInfo.processInfo.environment["PDM_TEST_MQTT_\(name)_PORT"].flatMap(Int.init)
    }

    /// Directory holding ca.pem, server.pem, client.pem, client.key for the TLS broker.
    public static var tlsDirectory: String? { ProcessInfo.processInfo.environment["PDM_TEST_TLS_DIR"] }

    /// The plain broker, from scripts/test or started privately.
    public static func plain() async throws -> (port: Int, owned: MosquittoBroker?) {
        if let port = port("PLAIN") { return (port, nil) }
        let broker = try await MosquittoBroker()
        return (broker.port, broker)
    }

    /// Whether mosquitto can be run here; tests needing a broker are skipped otherwise.
    public static var available: Bool { port("PLAIN") != nil || MosquittoBroker.executable != nil }
}
