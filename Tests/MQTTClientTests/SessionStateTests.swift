@testable import MQTTClient
import MQTTCodec
import Testing
import TestSupport

@Suite("Session state machine")
struct SessionStateTests {
    typealias Session = MQTTSession<Int>

    private func sentPackets(_ actions: [Session.Action]) -> [MQTTPacket] {
        actions.compactMap { if case .send(let packet) = $0 { return packet } else { return nil } }
    }

    @Test("packet identifiers skip identifiers still in use and wrap after 65535")
    func identifiersSkipInUse() throws {
        var session = Session(version: .v5)
        _ = session.connected(sessionPresent: false, receiveMaximum: 65535)
        var ids: [UInt16] = []
        for index in 0..<3 {
            let packets = sentPackets(session.publish(MQTTPublish(topic: "t", payload: [], qos: .atLeastOnce),
                                                      completion: index))
            guard case .publish(let p) = packets.first else { Issue.record("no publish"); return }
            ids.append(p.packetIdentifier ?? 0)
        }
        #expect(ids == [1, 2, 3])
        // Complete id 2 only; cycle the allocator all the way round.
        _ = try session.received(.pubAck(MQTTAcknowledgement(packetIdentifier: 2)))
        for index in 3..<65535 {
            let actions = session.publish(MQTTPublish(topic: "t", payload: [], qos: .atLeastOnce), completion: index)
            guard case .publish(let p) = sentPackets(actions).first else { Issue.record("no publish"); return }
            _ = try session.received(.pubAck(MQTTAcknowledgement(packetIdentifier: p.packetIdentifier ?? 0)))
            #expect(p.packetIdentifier != 1 && p.packetIdentifier != 3)
        }
    }

    @Test("exhausted identifiers fail the publication instead of reusing one")
    func exhausted() {
        var session = Session(version: .v3_1_1)
        for index in 0..<65535 {
            _ = session.publish(MQTTPublish(topic: "t", payload: [], qos: .atLeastOnce), completion: index)
        }
        let actions = session.publish(MQTTPublish(topic: "t", payload: [], qos: .atLeastOnce), completion: -1)
        guard case .fail(-1, .packetIdentifiersExhausted) = actions.first else {
            Issue.record("expected failure, got \(actions.count) actions"); return
        }
    }

    @Test("publications made offline are sent in order on connect, without DUP")
    func offlineQueue() {
        var session = Session(version: .v3_1_1)
        for index in 0..<3 {
            #expect(session.publish(MQTTPublish(topic: "t\(index)", payload: [], qos: .atLeastOnce), completion: index).isEmpty)
        }
        let packets = sentPackets(session.connected(sessionPresent: false, receiveMaximum: 65535))
        #expect(packets.map { if case .publish(let p) = $0 { return "\(p.topic):\(p.dup)" } else { return "?" } }
                == ["t0:false", "t1:false", "t2:false"])
    }

    @Test("a stale QoS 1 acknowledgement from an earlier connection is not sent")
    func staleAcknowledgement() throws {
        var session = Session(version: .v3_1_1)
        _ = session.connected(sessionPresent: false, receiveMaximum: 10)
        let actions = try session.received(.publish(MQTTPublish(topic: "t", payload: [], qos: .atLeastOnce,
                                                                packetIdentifier: 9)))
        guard case .deliver(_, let ack?) = actions.first else { Issue.record("no delivery"); return }
        session.disconnected()
        _ = session.connected(sessionPresent: true, receiveMaximum: 10)
        #expect(session.consumed(ack).isEmpty)
    }

    @Test("a failed PUBACK reason code fails the publication (MQTT 5)")
    func rejected() throws {
        var session = Session(version: .v5)
        _ = session.connected(sessionPresent: false, receiveMaximum: 10)
        _ = session.publish(MQTTPublish(topic: "t", payload: [], qos: .atLeastOnce), completion: 1)
        let actions = try session.received(.pubAck(MQTTAcknowledgement(packetIdentifier: 1, reasonCode: .notAuthorized)))
        guard case .fail(1, .publishRejected(let topic, let code, _)) = actions.first else {
            Issue.record("expected failure"); return
        }
        #expect(topic == "t" && code == .notAuthorized)
    }

    @Test("reconnect backoff grows, is capped, and is jittered downwards")
    func backoff() {
        let policy = MQTTReconnectPolicy(initialDelay: .milliseconds(100), maximumDelay: .seconds(1), multiplier: 2,
                                         jitter: 0.5)
        #expect(policy.delay(afterAttempt: 0, random: 0) == .milliseconds(100))
        #expect(policy.delay(afterAttempt: 3, random: 0) == .milliseconds(800))
        #expect(policy.delay(afterAttempt: 10, random: 0) == .seconds(1))
        #expect(policy.delay(afterAttempt: 10, random: 1) == .milliseconds(500))
    }

    /// Completes an inbound QoS 2 flow for packet 5 and reconnects.
    private func completedFlowThenReconnect(sessionPresent: Bool) throws -> Session {
        var session = Session(version: .v5)
        _ = session.connected(sessionPresent: false, receiveMaximum: 10)
        let message = MQTTPublish(topic: "t", payload: [1, 2], qos: .exactlyOnce, packetIdentifier: 5)
        guard case .deliver(_, let ack?) = try session.received(.publish(message)).first else {
            Issue.record("no delivery"); return session
        }
        _ = session.consumed(ack)
        #expect(sentPackets(try session.received(.pubRel(MQTTAcknowledgement(packetIdentifier: 5))))
                == [.pubComp(MQTTAcknowledgement(packetIdentifier: 5))])
        session.disconnected()
        _ = session.connected(sessionPresent: sessionPresent, receiveMaximum: 10)
        return session
    }

    private func delivered(_ actions: [Session.Action]) -> Bool {
        actions.contains { if case .deliver = $0 { return true } else { return false } }
    }

    @Test("a broker re-sending a completed QoS 2 message after reconnect does not deliver it twice")
    func completedResendSuppressed() throws {
        var session = try completedFlowThenReconnect(sessionPresent: true)
        let resend = MQTTPublish(topic: "t", payload: [1, 2], qos: .exactlyOnce, dup: true, packetIdentifier: 5)
        let actions = try session.received(.publish(resend))
        #expect(!delivered(actions))
        #expect(sentPackets(actions) == [.pubRec(MQTTAcknowledgement(packetIdentifier: 5))])
        #expect(sentPackets(try session.received(.pubRel(MQTTAcknowledgement(packetIdentifier: 5))))
                == [.pubComp(MQTTAcknowledgement(packetIdentifier: 5))])
    }

    @Test("a new message under the identifier is delivered: other content, no DUP, or no session")
    func newMessagesStillDelivered() throws {
        var differentContent = try completedFlowThenReconnect(sessionPresent: true)
        #expect(delivered(try differentContent.received(.publish(
            MQTTPublish(topic: "t", payload: [9], qos: .exactlyOnce, dup: true, packetIdentifier: 5)))))
        var notDuplicate = try completedFlowThenReconnect(sessionPresent: true)
        #expect(delivered(try notDuplicate.received(.publish(
            MQTTPublish(topic: "t", payload: [1, 2], qos: .exactlyOnce, packetIdentifier: 5)))))
        var newSession = try completedFlowThenReconnect(sessionPresent: false)
        #expect(delivered(try newSession.received(.publish(
            MQTTPublish(topic: "t", payload: [1, 2], qos: .exactlyOnce, dup: true, packetIdentifier: 5)))))
    }
}
