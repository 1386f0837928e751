@testable import MQTTClient
import MQTTCodec
import Testing
import TestSupport

@Suite("Session logic against a scripted broker")
struct ScriptedSessionTests {
    @Test("QoS 1: connection dropped before PUBACK; the PUBLISH is re-sent with DUP and the same id",
          arguments: [MQTTProtocolVersion.v3_1_1, .v5])
    func qos1ResendAfterDrop(version: MQTTProtocolVersion) async throws {
        let broker = try await ScriptedBroker(version: version)
        let running = RunningClient(.test(port: broker.port, version: version, cleanStart: false))
        let (first, connect) = try await broker.acceptSession(sessionPresent: false)
        #expect(connect.cleanStart == false)
        let publishing = Task { try await running.client.publish(topic: "a/b", payload: [1, 2, 3], qos: .atLeastOnce) }
        guard case .publish(let original) = try await first.next() else { Issue.record("expected PUBLISH"); return }
        #expect(original.dup == false)
        await first.drop()

        let (second, _) = try await broker.acceptSession(sessionPresent: true)
        guard case .publish(let resent) = try await second.next() else { Issue.record("expected PUBLISH"); return }
        #expect(resent.dup == true)
        #expect(resent.packetIdentifier == original.packetIdentifier)
        #expect(resent.payload == [1, 2, 3])
        try await second.send(.pubAck(MQTTAcknowledgement(packetIdentifier: resent.packetIdentifier ?? 0)))
        _ = try await publishing.value
        await running.stop()
        await broker.close()
    }

    @Test("QoS 2: connection dropped after PUBREC; PUBREL (not PUBLISH) is re-sent",
          arguments: [MQTTProtocolVersion.v3_1_1, .v5])
    func qos2ResendPubRel(version: MQTTProtocolVersion) async throws {
        let broker = try await ScriptedBroker(version: version)
        let running = RunningClient(.test(port: broker.port, version: version, cleanStart: false))
        let (first, _) = try await broker.acceptSession(sessionPresent: false)
        let publishing = Task { try await running.client.publish(topic: "a/b", payload: [9], qos: .exactlyOnce) }
        guard case .publish(let original) = try await first.next(), let id = original.packetIdentifier else {
            Issue.record("expected PUBLISH"); return
        }
        try await first.send(.pubRec(MQTTAcknowledgement(packetIdentifier: id)))
        guard case .pubRel(let release) = try await first.next() else { Issue.record("expected PUBREL"); return }
        #expect(release.packetIdentifier == id)
        await first.drop()

        let (second, _) = try await broker.acceptSession(sessionPresent: true)
        let resent = try await second.next()
        #expect(resent == .pubRel(MQTTAcknowledgement(packetIdentifier: id)))
        try await second.send(.pubComp(MQTTAcknowledgement(packetIdentifier: id)))
        _ = try await publishing.value
        await running.stop()
        await broker.close()
    }

    @Test("QoS 2: connection dropped before PUBREC; PUBLISH re-sent with DUP, then the PUBREL flow")
    func qos2ResendPublish() async throws {
        let broker = try await ScriptedBroker(version: .v5)
        let running = RunningClient(.test(port: broker.port, version: .v5, cleanStart: false))
        let (first, _) = try await broker.acceptSession(sessionPresent: false)
        let publishing = Task { try await running.client.publish(topic: "x", payload: [7], qos: .exactlyOnce) }
        guard case .publish(let original) = try await first.next(), let id = original.packetIdentifier else {
            Issue.record("expected PUBLISH"); return
        }
        await first.drop()
        let (second, _) = try await broker.acceptSession(sessionPresent: true)
        guard case .publish(let resent) = try await second.next() else { Issue.record("expected PUBLISH"); return }
        #expect(resent.dup && resent.packetIdentifier == id)
        try await second.send(.pubRec(MQTTAcknowledgement(packetIdentifier: id)))
        #expect(try await second.next() == .pubRel(MQTTAcknowledgement(packetIdentifier: id)))
        try await second.send(.pubComp(MQTTAcknowledgement(packetIdentifier: id)))
        _ = try await publishing.value
        await running.stop()
        await broker.close()
    }

    @Test("inbound QoS 2 duplicates reach the application once; PUBREC only after it took the message")
    func inboundQoS2Once() async throws {
        let broker = try await ScriptedBroker(version: .v5)
        let running = RunningClient(.test(port: broker.port, version: .v5))
        let (connection, _) = try await broker.acceptSession(sessionPresent: false)
        let message = MQTTPublish(topic: "in/q2", payload: [1], qos: .exactlyOnce, packetIdentifier: 42)
        try await connection.send(.publish(message))
        var duplicate = message
        duplicate.dup = true
        try await connection.send(.publish(duplicate))

        var iterator = running.client.messages.makeAsyncIterator()
        let received = await iterator.next()
        #expect(received?.topic == "in/q2")
        #expect(try await connection.next() == .pubRec(MQTTAcknowledgement(packetIdentifier: 42)))
        // A duplicate after PUBREC is acknowledged again without a delivery.
        try await connection.send(.publish(duplicate))
        #expect(try await connection.next() == .pubRec(MQTTAcknowledgement(packetIdentifier: 42)))
        try await connection.send(.pubRel(MQTTAcknowledgement(packetIdentifier: 42)))
        // When the first duplicate was read only after the application took the message (a loaded
        // machine), it was acknowledged on its own: one PUBREC more comes before the PUBCOMP.
        var answer = try await connection.next()
        if answer == .pubRec(MQTTAcknowledgement(packetIdentifier: 42)) { answer = try await connection.next() }
        #expect(answer == .pubComp(MQTTAcknowledgement(packetIdentifier: 42)))
        // The identifier is free again: a new message under it is a new message.
        try await connection.send(.publish(MQTTPublish(topic: "in/q2", payload: [2], qos: .exactlyOnce,
                                                       packetIdentifier: 42)))
        let next = await iterator.next()
        #expect(next?.payload == [2])
        await running.stop()
        await broker.close()
    }

    @Test("QoS 1 messages are acknowledged only once the application takes them")
    func acknowledgeAfterConsumption() async throws {
        let broker = try await ScriptedBroker(version: .v3_1_1)
        var configuration = MQTTClientConfiguration.test(port: broker.port, version: .v3_1_1)
        configuration.inboundBufferSize = 4
        let running = RunningClient(configuration)
        let (connection, _) = try await broker.acceptSession(sessionPresent: false)
        for id in UInt16(1)...20 {
            try await connection.send(.publish(MQTTPublish(topic: "q1", payload: [UInt8(id)], qos: .atLeastOnce,
                                                           packetIdentifier: id)))
        }
        // Nothing has been taken: a PINGREQ is the only packet that may arrive, never a PUBACK.
        await #expect(throws: ScriptError.self) { _ = try await connection.next(timeout: .milliseconds(300)) }
        var iterator = running.client.messages.makeAsyncIterator()
        for expected in UInt16(1)...3 {
            let message = await iterator.next()
            #expect(message?.payload == [UInt8(expected)])
            #expect(try await connection.next() == .pubAck(MQTTAcknowledgement(packetIdentifier: expected)))
        }
        for expected in UInt16(4)...20 {
            _ = await iterator.next()
            #expect(try await connection.next() == .pubAck(MQTTAcknowledgement(packetIdentifier: expected)))
        }
        await running.stop()
        await broker.close()
    }

    @Test("the broker's receive maximum bounds the PUBLISH packets in flight")
    func receiveMaximum() async throws {
        let broker = try await ScriptedBroker(version: .v5)
        let running = RunningClient(.test(port: broker.port, version: .v5))
        let (connection, _) = try await broker.acceptSession(sessionPresent: false, properties: [.receiveMaximum(2)])
        let client = running.client
        let publishing = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<5 {
                    group.addTask { try await client.publish(topic: "rm", payload: [UInt8(index)], qos: .atLeastOnce) }
                }
                try await group.waitForAll()
            }
        }
        var ids: [UInt16] = []
        for _ in 0..<2 {
            guard case .publish(let publish) = try await connection.next() else { Issue.record("expected PUBLISH"); return }
            ids.append(publish.packetIdentifier ?? 0)
        }
        await #expect(throws: ScriptError.self) { _ = try await connection.next(timeout: .milliseconds(300)) }
        for _ in 0..<3 {
            try await connection.send(.pubAck(MQTTAcknowledgement(packetIdentifier: ids.removeFirst())))
            guard case .publish(let publish) = try await connection.next() else { Issue.record("expected PUBLISH"); return }
            ids.append(publish.packetIdentifier ?? 0)
        }
        for id in ids { try await connection.send(.pubAck(MQTTAcknowledgement(packetIdentifier: id))) }
        try await publishing.value
        await running.stop()
        await broker.close()
    }

    @Test("subscriptions are restored when the broker reports no session")
    func resubscribe() async throws {
        let broker = try await ScriptedBroker(version: .v5)
        let running = RunningClient(.test(port: broker.port, version: .v5, cleanStart: false))
        let (first, _) = try await broker.acceptSession(sessionPresent: false)
        let subscribing = Task {
            try await running.client.subscribe([MQTTSubscription(topicFilter: "plant/+/+/temp", qos: .atLeastOnce)])
        }
        guard case .subscribe(let subscribe) = try await first.next() else { Issue.record("expected SUBSCRIBE"); return }
        try await first.send(.subAck(MQTTSubAck(packetIdentifier: subscribe.packetIdentifier, reasonCodes: [.grantedQoS1])))
        #expect(try await subscribing.value == [.grantedQoS1])
        await first.drop()

        // Session present: nothing to restore.
        let (second, _) = try await broker.acceptSession(sessionPresent: true)
        await #expect(throws: ScriptError.self) { _ = try await second.next(timeout: .milliseconds(200)) }
        await second.drop()

        // Session lost: SUBSCRIBE again with the same filter and options.
        let (third, _) = try await broker.acceptSession(sessionPresent: false)
        guard case .subscribe(let restored) = try await third.next() else { Issue.record("expected SUBSCRIBE"); return }
        #expect(restored.subscriptions == subscribe.subscriptions)
        try await third.send(.subAck(MQTTSubAck(packetIdentifier: restored.packetIdentifier, reasonCodes: [.grantedQoS1])))
        let codes = try await running.waitFor("restored subscriptions") { event in
            if case .subscriptionsRestored(_, let codes) = event { return codes }
            return nil
        }
        #expect(codes == [.grantedQoS1])
        await running.stop()
        await broker.close()
    }

    @Test("a malformed packet from the broker closes the connection with a clear error")
    func malformedFromBroker() async throws {
        let broker = try await ScriptedBroker(version: .v3_1_1)
        let running = RunningClient(.test(port: broker.port, version: .v3_1_1))
        let (connection, _) = try await broker.acceptSession(sessionPresent: false)
        _ = try await running.waitForConnection()
        try await connection.sendRaw([0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])  // 5-byte remaining length
        let error = try await running.waitFor("disconnection") { event -> String? in
            if case .disconnected(let error) = event { return "\(error.map { "\($0)" } ?? "none")" }
            return nil
        }
        #expect(error.contains("malformed remaining length"))
        // And it comes back.
        _ = try await broker.acceptSession(sessionPresent: false)
        await running.stop()
        await broker.close()
    }

    @Test("a refused CONNACK is reported with its reason and retried with backoff")
    func refused() async throws {
        let broker = try await ScriptedBroker(version: .v5)
        var configuration = MQTTClientConfiguration.test(port: broker.port, version: .v5)
        configuration.reconnect.maximumAttempts = 0
        let running = RunningClient(configuration)
        let connection = try await broker.accept()
        _ = try await connection.next()
        try await connection.send(.connAck(MQTTConnAck(reasonCode: .notAuthorized, properties: [.reasonString("no")])))
        await #expect(throws: MQTTClientError.connectionRefused(code: .notAuthorized, reason: "no", version: .v5)) {
            try await running.task.value
        }
        await broker.close()
    }

    @Test("the receive maximum announced stays below the inbound buffer, so QoS 1/2 never stalls SUBACK")
    func receiveMaximumBelowBuffer() async throws {
        let broker = try await ScriptedBroker(version: .v5)
        var configuration = MQTTClientConfiguration.test(port: broker.port, version: .v5)
        configuration.receiveMaximum = 65535
        configuration.inboundBufferSize = 8
        let running = RunningClient(configuration)
        let (connection, connect) = try await broker.acceptSession(sessionPresent: true)
        #expect(connect.properties.receiveMaximum == 7)
        // A broker that honours it sends 7 messages; the application has not read any yet.
        for id in UInt16(1)...7 {
            try await connection.send(.publish(MQTTPublish(topic: "q", payload: [], qos: .atLeastOnce, packetIdentifier: id)))
        }
        let subscribing = Task { try await running.client.subscribe([MQTTSubscription(topicFilter: "q")]) }
        guard case .subscribe(let subscribe) = try await connection.next() else { Issue.record("expected SUBSCRIBE"); return }
        try await connection.send(.subAck(MQTTSubAck(packetIdentifier: subscribe.packetIdentifier, reasonCodes: [.grantedQoS1])))
        #expect(try await subscribing.value == [.grantedQoS1], "SUBACK is read although nothing was consumed")
        await running.stop()
        await broker.close()
    }

    @Test("invalid or empty filters are refused at once, never left unanswered")
    func invalidFilters() async throws {
        let broker = try await ScriptedBroker(version: .v5)
        let running = RunningClient(.test(port: broker.port, version: .v5))
        _ = try await broker.acceptSession(sessionPresent: false)
        await #expect(throws: MQTTClientError.self) { try await running.client.unsubscribe(["a/#/b"]) }
        await #expect(throws: MQTTClientError.self) { try await running.client.unsubscribe([]) }
        await #expect(throws: MQTTClientError.self) { try await running.client.subscribe([MQTTSubscription(topicFilter: "x+")]) }
        await running.stop()
        await broker.close()
    }
}
