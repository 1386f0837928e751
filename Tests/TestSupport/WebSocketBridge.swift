import Foundation
import Synchronization

/// websockify (Tests/Peers/websocket_bridge.py) in front of a broker: MQTT over WebSocket on a free
/// loopback port, relayed to the broker's TCP port. It can be killed and started again on the
/// same port.
package final class WebSocketBridge: Sendable {
    package let port: Int
    private let targetPort: Int
    private let tls: (certificate: String, key: String)?
    private let process: Mutex<CommandLineTool?>

    static let script = Repository.root.appendingPathComponent("Tests/Peers/websocket_bridge.py").path

    /// Whether Python's websockify is installed.
    package static var available: Bool { PythonModules.available(["websockify"]) }

    /// - Parameter tls: a certificate and its key: the bridge speaks TLS (`wss`).
    package init(targetPort: Int, tls: (certificate: String, key: String)? = nil) async throws {
        port = try FreePort.allocate()
        self.targetPort = targetPort
        self.tls = tls
        process = Mutex(nil)
        try await start()
    }

    deinit {
        process.withLock { $0 }.map { tool in Task { _ = await tool.finish(timeout: .zero) } }
    }

    /// Starts the bridge and waits until it listens.
    package func start() async throws {
        let tool = try CommandLineTool("python3", [Self.script, "\(port)", "\(targetPort)"] + (tls.map { [$0.certificate, $0.key] } ?? []))
        process.withLock { $0 = tool }
        try await tool.waitForOutput("listening")
    }

    /// Kills the bridge (SIGKILL): every connection through it drops at once.
    package func kill() async {
        guard let tool = process.withLock({ current in defer { current = nil }; return current }) else { return }
        _ = await tool.finish(timeout: .zero)
    }
}
