import Foundation
import MQTTClient
import MQTTCodec
import TestSupport
import Testing

/// MQTT over WebSocket through a real WebSocket-to-TCP bridge (websockify) in front of mosquitto.
@Suite("MQTT over WebSocket", .enabled(if: MosquittoBroker.executable != nil && WebSocketBridge.available,
                                       "needs mosquitto and Python's websockify"))
struct WebSocketTransportTests {
    static func configuration(port: Int, clientIdentifier: String, cleanStart: Bool) -> MQTTClientConfiguration {
        var configuration = MQTTClientConfiguration.test(port: port, version: .v5, clientIdentifier: clientIdentifier,
                                                         cleanStart: cleanStart)
        configuration.transport = .webSocket(path: "/mqtt")
        return configuration
    }

    @Test("connect, subscribe and a QoS 1 stream; the bridge killed and restarted in the middle loses nothing")
    func qos1StreamAcrossBridgeRestart() async throws {
        let total = 3000
        // The broker queues everything for the offline session (its default keeps 1,000).
        let broker = try await MosquittoBroker(configLines: ["allow_anonymous true", "max_queued_messages 0"])
        defer { broker.stop() }
        let bridge = try await WebSocketBridge(targetPort: broker.port)

        let subscriber = RunningClient(Self.configuration(port: bridge.port, clientIdentifier: "ws-sub", cleanStart: false))
        #expect(try await subscriber.waitForConnection() == false)
        let codes = try await subscriber.client.subscribe([MQTTSubscription(topicFilter: "ws/stream", qos: .atLeastOnce)])
        #expect(codes.map(\.rawValue) == [1], "granted QoS 1 over WebSocket")

        // The publisher goes to the broker directly, so it keeps publishing while the bridge is down.
        let publisher = RunningClient(.test(port: broker.port, version: .v5, clientIdentifier: "ws-pub"))
        let pubClient = publisher.client
        let publishing = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<total {
                    if index >= 64 { try await group.next() }
                    group.addTask { try await pubClient.publish(topic: "ws/stream", payload: Array("\(index)".utf8), qos: .atLeastOnce) }
                }
                try await group.waitForAll()
            }
        }

        let messages = subscriber.client.messages
        let (seen, restarted) = try await withTimeout(.seconds(60), "every message over WebSocket") {
            var seen = Set<Int>()
            var restarted = false
            for await message in messages {
                guard let index = Int(message.payloadString) else { Issue.record("bad payload"); break }
                seen.insert(index)
                if !restarted, seen.count == total / 3 {
                    restarted = true
                    await bridge.kill()
                    try await bridge.start()
                }
                if seen.count == total { break }
            }
            return (seen, restarted)
        }
        try await publishing.value
        #expect(restarted)
        #expect(seen.count == total, "every QoS 1 message arrives across the bridge's restart")
        await publisher.stop()
        await subscriber.stop()
        await bridge.kill()
    }

    @Test("wss: TLS verified against the test CA, then the upgrade and a QoS 1 round trip",
          .enabled(if: TestBrokers.tlsDirectory != nil, "scripts/test makes the test CA"))
    func secureWebSocket() async throws {
        let directory = try #require(TestBrokers.tlsDirectory)
        let broker = try await MosquittoBroker()
        defer { broker.stop() }
        let bridge = try await WebSocketBridge(targetPort: broker.port,
                                               tls: ("\(directory)/server.pem", "\(directory)/server.key"))
        var configuration = Self.configuration(port: bridge.port, clientIdentifier: "wss", cleanStart: true)
        configuration.tls = MQTTTLSConfiguration(caFile: "\(directory)/ca.pem", serverName: "localhost")
        let client = RunningClient(configuration)
        _ = try await client.waitForConnection()
        _ = try await client.client.subscribe([MQTTSubscription(topicFilter: "wss/echo", qos: .atLeastOnce)])
        try await client.client.publish(topic: "wss/echo", payload: Array("over wss".utf8), qos: .atLeastOnce)
        let messages = client.client.messages
        let echoed = try await withTimeout(.seconds(20), "the echo over wss") {
            for await message in messages { return message.payloadString }
            return ""
        }
        #expect(echoed == "over wss")
        await client.stop()
        await bridge.kill()
    }

    @Test("a server that does not upgrade to WebSocket fails the connection with the reason")
    func upgradeRefused() async throws {
        let broker = try await MosquittoBroker()
        defer { broker.stop() }
        // mosquitto's TCP listener does not speak HTTP: no 101, the connection attempt fails.
        var configuration = Self.configuration(port: broker.port, clientIdentifier: "ws-refused", cleanStart: true)
        configuration.reconnect = MQTTReconnectPolicy(initialDelay: .milliseconds(10), maximumDelay: .milliseconds(10),
                                                      maximumAttempts: 0)
        configuration.connectTimeout = .seconds(2)
        let client = RunningClient(configuration)
        await #expect(throws: MQTTClientError.self) { try await client.task.value }
    }

    @Test("pdm run with broker.transport: websocket reads readings and publishes alarms through the bridge",
          .enabled(if: Executables.pdm != nil, "needs the built pdm executable"))
    func pdmRunOverWebSocket() async throws {
        let broker = try await MosquittoBroker()
        defer { broker.stop() }
        let bridge = try await WebSocketBridge(targetPort: broker.port)
        let id = UUID().uuidString.prefix(8).lowercased()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-ws-\(id)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("alarms.yaml").path
        try """
            broker: {host: 127.0.0.1, port: \(bridge.port), client_id: pdm-ws-\(id), transport: websocket, path: /mqtt}
            topics: {prefix: ws-\(id)}
            storage: {database: \(directory.appendingPathComponent("state.sqlite").path)}
            subscriptions: [{topic: "ws-\(id)/plant/{asset}/{channel}", qos: 1}]
            rules:
              - {name: bearing-hot, channel: temp, above: 90, deadband: 5, priority: high}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let log = directory.appendingPathComponent("pdm.log").path
        let pdm = try ChildProcess(path: try #require(Executables.pdm), arguments: ["run", "--config", config], outputFile: log)
        _ = try await Executables.waitForText("subscribed", in: log)
        let events = try CommandLineTool("mosquitto_sub", ["-h", "127.0.0.1", "-p", "\(broker.port)", "-t", "ws-\(id)/alarms/+/+/event",
                                                           "-v", "-C", "1", "-W", "20", "-q", "1", "-d"])
        try await events.waitForOutput("Subscribed")
        let pub = try CommandLineTool("mosquitto_pub", ["-h", "127.0.0.1", "-p", "\(broker.port)", "-q", "1",
                                                        "-t", "ws-\(id)/plant/pump-1/temp", "-m", #"{"value": 97}"#])
        #expect(await pub.finish().status == 0)
        let result = await events.finish(timeout: .seconds(25))
        #expect(result.output.contains("ws-\(id)/alarms/pump-1/bearing-hot/event {"), "\(result.output)")
        #expect(await pdm.stop(signal: SIGTERM, timeout: .seconds(10)) == 0)
        await bridge.kill()
    }
}
