import Foundation
import Logging
import MQTTClient
import MQTTCodec
import NIOCore
import NIOPosix

/// A client running in the background for the length of a test.
package struct RunningClient: Sendable {
    package let client: MQTTClient
    package let task: Task<Void, any Error>

    package init(_ configuration: MQTTClientConfiguration,
                 eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        var logger = Logger(label: "test.mqtt")
        logger.logLevel = ProcessInfo.processInfo.environment["PDM_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        let client = MQTTClient(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
        self.client = client
        self.task = Task { try await client.run() }
    }

    /// Shuts the client down and waits for `run()` to return.
    package func stop() async {
        client.shutdown()
        _ = try? await task.value
    }

    /// Waits for the next event that `match` accepts (bounded).
    package func waitFor<T: Sendable>(_ what: String, timeout: Duration = scriptTimeout,
                              _ match: @escaping @Sendable (MQTTConnectionEvent) -> T?) async throws -> T {
        let events = client.events
        return try await withTimeout(timeout, "waiting for \(what)") {
            for await event in events {
                if let value = match(event) { return value }
            }
            throw ScriptError("event stream ended before \(what)")
        }
    }

    package func waitForConnection(timeout: Duration = scriptTimeout) async throws -> Bool {
        try await waitFor("CONNACK", timeout: timeout) { event in
            if case .connected(let sessionPresent) = event { return sessionPresent }
            return nil
        }
    }
}

extension MQTTClientConfiguration {
    /// Fast reconnects for tests.
    package static func test(port: Int, version: MQTTProtocolVersion, clientIdentifier: String = "test-client",
                     cleanStart: Bool = true) -> MQTTClientConfiguration {
        MQTTClientConfiguration(
            host: "127.0.0.1", port: port, version: version, clientIdentifier: clientIdentifier,
            cleanStart: cleanStart, sessionExpiry: cleanStart ? 0 : 3600, keepAlive: .seconds(30),
            connectTimeout: .seconds(5),
            reconnect: MQTTReconnectPolicy(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(200))
        )
    }
}
