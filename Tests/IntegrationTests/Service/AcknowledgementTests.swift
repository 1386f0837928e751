import TestSupport
import Testing

/// A QoS 1 message is acknowledged only once its effect is committed: whatever moment pdm is
/// killed at, every message the broker saw acknowledged has its effect in the database, and the
/// broker delivers the others again.
@Suite("Acknowledgement after commit", .enabled(if: MosquittoBroker.executable != nil && Executables.pdm != nil,
                                                "needs mosquitto and the built pdm executable"))
struct AcknowledgementTests {
    @Test("kill -9 during a QoS 1 stream of alarm-raising readings and ack commands: after restarts, every effect is there")
    func killedMidStream() async throws {
        try await ChaosRun(assets: 3000, kills: [0.2, 0.45, 0.7]).run()
    }

    @Test("chaos: pdm killed at random moments, the broker restarted, notifications through the outbox; nothing acknowledged lost, journals consistent, every outbox key delivered")
    func chaos() async throws {
        try await ChaosRun(assets: 2000, kills: [0.1, 0.3, 0.55, 0.8], brokerRestarts: [0.4, 0.7], notifications: true).run()
    }
}
