import Foundation
import MQTTClient
import MQTTCodec
import TestSupport
import Testing

/// Tests against real mosquitto brokers. scripts/test starts them and exports their ports.
@Suite("Against mosquitto", .enabled(if: TestBrokers.available, "mosquitto is not installed"))
struct BrokerTests {
    @Test("publish and subscribe at every QoS, both protocol versions",
          arguments: [MQTTProtocolVersion.v3_1_1, .v5], [MQTTQoS.atMostOnce, .atLeastOnce, .exactlyOnce])
    func pubSub(version: MQTTProtocolVersion, qos: MQTTQoS) async throws {
        let (port, broker) = try await TestBrokers.plain()
        let topic = "pubsub/\(UUID().uuidString)"
        let running = RunningClient(.test(port: port, version: version, clientIdentifier: "ps-\(UUID().uuidString)"))
        let codes = try await running.client.subscribe([MQTTSubscription(topicFilter: "\(topic)/#", qos: qos)])
        #expect(codes == [MQTTReasonCode(qos.rawValue)])
        let count = 300
        let client = running.client
        let publisher = Task {
            for index in 0..<count {
                try await client.publish(topic: "\(topic)/\(index % 3)", payload: Array("\(index)".utf8), qos: qos)
            }
        }
        var received: [String] = []
        for await message in running.client.messages {
            #expect(message.qos == qos)
            received.append(message.payloadString)
            if received.count == count { break }
        }
        try await publisher.value
        #expect(received == (0..<count).map(String.init))
        await running.stop()
        _ = broker
    }

    @Test("messages from mosquitto_pub arrive, with MQTT 5 properties")
    func fromMosquittoPub() async throws {
        let (port, broker) = try await TestBrokers.plain()
        let topic = "interop/in/\(UUID().uuidString)"
        let running = RunningClient(.test(port: port, version: .v5, clientIdentifier: "in-\(UUID().uuidString)"))
        try await running.client.subscribe([MQTTSubscription(topicFilter: topic, qos: .exactlyOnce)])
        let pub = try CommandLineTool("mosquitto_pub", [
            "-h", "127.0.0.1", "-p", "\(port)", "-V", "5", "-q", "2", "-t", topic, "-m", "hello from mosquitto_pub",
            "-D", "publish", "user-property", "site", "north",
            "-D", "publish", "content-type", "text/plain",
        ])
        #expect(await pub.finish().status == 0)
        var iterator = running.client.messages.makeAsyncIterator()
        let message = await iterator.next()
        #expect(message?.payloadString == "hello from mosquitto_pub")
        #expect(message?.qos == .exactlyOnce)
        #expect(message?.properties.contentType == "text/plain")
        #expect(message?.properties.userProperties.first?.name == "site")
        await running.stop()
        _ = broker
    }

    @Test("mosquitto_sub receives what the client publishes", arguments: [MQTTProtocolVersion.v3_1_1, .v5])
    func toMosquittoSub(version: MQTTProtocolVersion) async throws {
        let (port, broker) = try await TestBrokers.plain()
        let topic = "interop/out/\(UUID().uuidString)"
        let running = RunningClient(.test(port: port, version: version, clientIdentifier: "out-\(UUID().uuidString)"))
        // Retained, so mosquitto_sub gets it however late it subscribes.
        try await running.client.publish(topic: topic, payload: Array("état: ok ✓".utf8), qos: .atLeastOnce,
                                         retain: true)
        let sub = try CommandLineTool("mosquitto_sub", ["-h", "127.0.0.1", "-p", "\(port)", "-t", topic, "-C", "1",
                                                        "-q", "1", "-v", "-W", "10"])
        let result = await sub.finish()
        #expect(result.status == 0)
        #expect(result.output == "\(topic) état: ok ✓\n", "mosquitto_sub printed: \(result.output)")
        try await running.client.publish(topic: topic, payload: [], qos: .atLeastOnce, retain: true)  // clear
        await running.stop()
        _ = broker
    }

    @Test("user name and password: accepted when right, refused with the broker's reason when wrong",
          .enabled(if: TestBrokers.port("AUTH") != nil, "scripts/test starts the authenticating broker"),
          arguments: [MQTTProtocolVersion.v3_1_1, .v5])
    func authentication(version: MQTTProtocolVersion) async throws {
        let port = try #require(TestBrokers.port("AUTH"))
        var good = MQTTClientConfiguration.test(port: port, version: version, clientIdentifier: "auth-ok")
        good.username = "pdm"
        good.password = "pdm-secret"
        let accepted = RunningClient(good)
        _ = try await accepted.waitForConnection()
        await accepted.stop()

        var bad = good
        bad.clientIdentifier = "auth-bad"
        bad.password = "wrong"
        bad.reconnect.maximumAttempts = 0
        let refused = RunningClient(bad)
        do {
            try await refused.task.value
            Issue.record("a wrong password was accepted")
        } catch let error as MQTTClientError {
            guard case .connectionRefused(let code, _, _) = error else { Issue.record("unexpected \(error)"); return }
            // 3.1.1: 4 (bad user name or password) or 5 (not authorized); 5.0: 0x86 or 0x87.
            #expect(version == .v5 ? [0x86, 0x87].contains(code.rawValue) : [4, 5].contains(code.rawValue))
        }
    }

    @Test("TLS: verified against the test CA; refused without it or with the wrong server name",
          .enabled(if: TestBrokers.port("TLS") != nil, "scripts/test starts the TLS broker"))
    func tls() async throws {
        let port = try #require(TestBrokers.port("TLS"))
        let directory = try #require(TestBrokers.tlsDirectory)
        var configuration = MQTTClientConfiguration.test(port: port, version: .v5, clientIdentifier: "tls-ok")
        configuration.tls = MQTTTLSConfiguration(caFile: "\(directory)/ca.pem", serverName: "localhost")
        let accepted = RunningClient(configuration)
        _ = try await accepted.waitForConnection()
        try await accepted.client.publish(topic: "tls/check", payload: [1], qos: .exactlyOnce)
        await accepted.stop()

        for (name, tls) in [("wrong name", MQTTTLSConfiguration(caFile: "\(directory)/ca.pem", serverName: "example.org")),
                            ("system trust", MQTTTLSConfiguration(serverName: "localhost"))] {
            var refused = configuration
            refused.clientIdentifier = "tls-\(name)"
            refused.tls = tls
            refused.reconnect.maximumAttempts = 0
            let running = RunningClient(refused)
            await #expect(throws: (any Error).self, "TLS with \(name) must fail") { try await running.task.value }
        }
    }

    @Test("mutual TLS: a client certificate is required and accepted",
          .enabled(if: TestBrokers.port("MTLS") != nil, "scripts/test starts the mutual-TLS listener"))
    func mutualTLS() async throws {
        let port = try #require(TestBrokers.port("MTLS"))
        let directory = try #require(TestBrokers.tlsDirectory)
        var configuration = MQTTClientConfiguration.test(port: port, version: .v3_1_1, clientIdentifier: "mtls-ok")
        configuration.tls = MQTTTLSConfiguration(caFile: "\(directory)/ca.pem", certificateFile: "\(directory)/client.pem",
                                                 privateKeyFile: "\(directory)/client.key", serverName: "localhost")
        let accepted = RunningClient(configuration)
        _ = try await accepted.waitForConnection()
        await accepted.stop()

        var without = configuration
        without.clientIdentifier = "mtls-none"
        without.tls?.certificateFile = nil
        without.tls?.privateKeyFile = nil
        without.reconnect.maximumAttempts = 0
        let refused = RunningClient(without)
        await #expect(throws: (any Error).self) { try await refused.task.value }
    }

    @Test("a limited broker: maximum QoS and packet size from CONNACK are honoured (MQTT 5)",
          .enabled(if: TestBrokers.port("LIMITED") != nil, "scripts/test starts the limited broker"))
    func limitedBroker() async throws {
        let port = try #require(TestBrokers.port("LIMITED"))
        let running = RunningClient(.test(port: port, version: .v5, clientIdentifier: "limited-5"))
        _ = try await running.waitForConnection()
        await #expect(throws: MQTTClientError.qosNotSupported(requested: .exactlyOnce, maximum: .atLeastOnce)) {
            try await running.client.publish(topic: "lim/a", payload: [1], qos: .exactlyOnce)
        }
        do {
            try await running.client.publish(topic: "lim/a", payload: Array(repeating: 0, count: 4096), qos: .atLeastOnce)
            Issue.record("an oversized publish was sent")
        } catch MQTTClientError.packetTooLarge(let topic, _, let maximum) {
            #expect(topic == "lim/a" && maximum == 1024)
        }
        // The connection is still good.
        #expect(try await running.client.subscribe([MQTTSubscription(topicFilter: "lim/#", qos: .exactlyOnce)])
                == [.grantedQoS1])
        try await running.client.publish(topic: "lim/a", payload: [2], qos: .atLeastOnce)
        var iterator = running.client.messages.makeAsyncIterator()
        #expect(await iterator.next()?.payload == [2])
        await running.stop()
    }

    @Test("a packet above the client's maximum size closes the connection with a clear error (3.1.1)")
    func inboundPacketTooLarge() async throws {
        let (port, broker) = try await TestBrokers.plain()
        let topic = "big/\(UUID().uuidString)"
        var configuration = MQTTClientConfiguration.test(port: port, version: .v3_1_1, clientIdentifier: "big-\(UUID().uuidString)")
        configuration.maximumPacketSize = 512
        let running = RunningClient(configuration)
        try await running.client.subscribe([MQTTSubscription(topicFilter: topic, qos: .atMostOnce)])
        let pub = try CommandLineTool("mosquitto_pub", ["-h", "127.0.0.1", "-p", "\(port)", "-t", topic,
                                                        "-m", String(repeating: "x", count: 2000)])
        _ = await pub.finish()
        let reason = try await running.waitFor("disconnection") { event -> String? in
            if case .disconnected(let error) = event { return error.map { "\($0)" } ?? "none" }
            return nil
        }
        #expect(reason.contains("exceeds the maximum packet size of 512"))
        await running.stop()
        _ = broker
    }

    @Test("a frozen broker is detected by the keep-alive and the client reconnects when it wakes")
    func deadConnection() async throws {
        let broker = try await MosquittoBroker()
        var configuration = MQTTClientConfiguration.test(port: broker.port, version: .v5, clientIdentifier: "keepalive")
        configuration.keepAlive = .seconds(1)
        configuration.pingTimeout = .seconds(1)
        let running = RunningClient(configuration)
        _ = try await running.waitForConnection()
        broker.signal(SIGSTOP)
        let reason = try await running.waitFor("keep-alive timeout", timeout: .seconds(10)) { event -> String? in
            if case .disconnected(let error) = event { return error.map { "\($0)" } ?? "none" }
            return nil
        }
        #expect(reason == "\(MQTTClientError.keepAliveTimeout)")
        broker.signal(SIGCONT)
        _ = try await running.waitForConnection(timeout: .seconds(15))
        await running.stop()
        broker.stop()
    }

    @Test("the Last Will is published when the broker drops the client (session taken over)",
          arguments: [MQTTProtocolVersion.v3_1_1, .v5])
    func lastWill(version: MQTTProtocolVersion) async throws {
        let (port, broker) = try await TestBrokers.plain()
        let id = UUID().uuidString
        let statusTopic = "will/\(id)"
        let watcher = RunningClient(.test(port: port, version: .v5, clientIdentifier: "will-watch-\(id)"))
        try await watcher.client.subscribe([MQTTSubscription(topicFilter: statusTopic, qos: .atLeastOnce)])

        var configuration = MQTTClientConfiguration.test(port: port, version: version, clientIdentifier: "will-\(id)")
        configuration.will = MQTTWill(topic: statusTopic, payload: Array("offline".utf8), qos: .atLeastOnce)
        configuration.reconnect = MQTTReconnectPolicy(initialDelay: .seconds(30), maximumDelay: .seconds(30))
        let subject = RunningClient(configuration)
        _ = try await subject.waitForConnection()
        // Another connection with the same client identifier takes the session over.
        let usurper = RunningClient(.test(port: port, version: version, clientIdentifier: "will-\(id)"))
        _ = try await usurper.waitForConnection()

        var iterator = watcher.client.messages.makeAsyncIterator()
        let will = await iterator.next()
        #expect(will?.topic == statusTopic)
        #expect(will?.payloadString == "offline")
        await usurper.stop()
        await subject.stop()
        await watcher.stop()
        _ = broker
    }

    @Test("after UNSUBSCRIBE nothing more arrives on that filter")
    func unsubscribe() async throws {
        let (port, broker) = try await TestBrokers.plain()
        let base = "unsub/\(UUID().uuidString)"
        let running = RunningClient(.test(port: port, version: .v5, clientIdentifier: "unsub-\(UUID().uuidString)"))
        try await running.client.subscribe([MQTTSubscription(topicFilter: "\(base)/a/#", qos: .atLeastOnce),
                                            MQTTSubscription(topicFilter: "\(base)/b", qos: .atLeastOnce)])
        #expect(try await running.client.unsubscribe(["\(base)/a/#"]) == [.success])
        try await running.client.publish(topic: "\(base)/a/x", payload: [1], qos: .atLeastOnce)
        try await running.client.publish(topic: "\(base)/b", payload: [2], qos: .atLeastOnce)
        var iterator = running.client.messages.makeAsyncIterator()
        // Messages from one publisher arrive in order: had the first been delivered, it would come first.
        let first = await iterator.next()
        #expect(first?.topic == "\(base)/b")
        await running.stop()
        _ = broker
    }

    @Test("messages published together arrive in order, retained flags kept; a bad topic fails the batch",
          arguments: [MQTTProtocolVersion.v3_1_1, .v5])
    func publishTogether(version: MQTTProtocolVersion) async throws {
        let (port, broker) = try await TestBrokers.plain()
        let base = "batch/\(UUID().uuidString)"
        let running = RunningClient(.test(port: port, version: version, clientIdentifier: "batch-\(UUID().uuidString)"))
        try await running.client.subscribe([MQTTSubscription(topicFilter: "\(base)/#", qos: .atLeastOnce)])
        let batch = (0..<50).map { index in
            MQTTPublish(topic: "\(base)/\(index % 2 == 0 ? "event" : "state")", payload: Array("\(index)".utf8),
                        qos: .atLeastOnce, retain: index == 49, properties: [.userProperty("n", "\(index)")])
        }
        try await running.client.publish(batch)
        var iterator = running.client.messages.makeAsyncIterator()
        var received: [String] = []
        while received.count < batch.count, let message = await iterator.next() { received.append(message.payloadString) }
        #expect(received == (0..<50).map(String.init))
        // The last one was retained: a new subscriber gets it.
        let late = RunningClient(.test(port: port, version: version, clientIdentifier: "batch-late-\(UUID().uuidString)"))
        try await late.client.subscribe([MQTTSubscription(topicFilter: "\(base)/state", qos: .atLeastOnce)])
        var lateIterator = late.client.messages.makeAsyncIterator()
        let retained = await lateIterator.next()
        #expect(retained?.payloadString == "49" && retained?.retain == true)
        await #expect(throws: MQTTClientError.self) {
            try await running.client.publish([MQTTPublish(topic: "\(base)/ok", payload: [1], qos: .atLeastOnce),
                                              MQTTPublish(topic: "\(base)/+/wild", payload: [2], qos: .atLeastOnce)])
        }
        try await running.client.publish(topic: "\(base)/state", payload: [], qos: .atLeastOnce, retain: true)
        await late.stop()
        await running.stop()
        _ = broker
    }
}
