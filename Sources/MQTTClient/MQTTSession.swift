import DequeModule
import MQTTCodec

/// The client side of an MQTT session as a pure state machine: packet identifiers, outbound QoS 1/2
/// flows and their resend after reconnect, inbound QoS 2 de-duplication, the broker's receive maximum,
/// and the subscriptions to restore when the broker has no session.
///
/// It performs no I/O: every input returns the actions the caller must carry out, in order.
/// `Completion` is whatever the caller uses to tell a waiting operation it finished.
struct MQTTSession<Completion> {
    enum Action {
        /// Write this packet.
        case send(MQTTPacket)
        /// Hand this message to the application; acknowledge it with `consumed(_:)` once it is taken.
        case deliver(MQTTPublish, MQTTInboundAcknowledgement?)
        /// The operation finished; reason codes from the acknowledgement (one per filter for SUBACK).
        case succeed(Completion, [MQTTReasonCode])
        case fail(Completion, MQTTClientError)
        /// Subscriptions were restored after the broker reported no session.
        case restoredSubscriptions([MQTTSubscription], [MQTTReasonCode])
        /// The broker re-sent, after a reconnect, a QoS 2 message whose flow the client had already
        /// completed; it was acknowledged and not delivered again.
        case suppressedResend(packetIdentifier: UInt16, topic: String)
    }

    private enum OutboundStage {
        case publish(MQTTPublish)
        case release
    }

    private struct Outbound {
        var stage: OutboundStage
        var completion: Completion
        var sequence: UInt64
        /// Sent at least once (on this or an earlier connection).
        var transmitted = false
        /// Sent on the current connection and counted against the receive maximum.
        var inFlight = false
    }

    private enum Request {
        case subscribe([MQTTSubscription], Completion?)
        case unsubscribe([String], Completion)
    }

    private enum InboundExactlyOnce: Equatable {
        /// Delivered to the application, PUBREC not yet sent.
        case awaitingApplication(digest: Int)
        /// PUBREC sent; waiting for PUBREL.
        case received(digest: Int)

        var digest: Int {
            switch self {
            case .awaitingApplication(let digest), .received(let digest): return digest
            }
        }
    }

    let version: MQTTProtocolVersion
    private(set) var isConnected = false
    private(set) var generation: UInt64 = 0
    private var nextIdentifier: UInt16 = 1
    private var sequence: UInt64 = 0
    private var outbound: [UInt16: Outbound] = [:]
    private var waiting: Deque<UInt16> = []
    private var inFlightCount = 0
    private var sendQuota = Int(UInt16.max)
    private var requests: [UInt16: Request] = [:]
    private var inbound: [UInt16: InboundExactlyOnce] = [:]
    /// QoS 2 flows completed (PUBCOMP sent) on this connection: identifier → content digest.
    private var completedInbound: [UInt16: Int] = [:]
    /// Flows completed on the previous connection whose PUBCOMP the broker may never have read. Some
    /// brokers (mosquitto 2.0 restoring its persistence file) then re-send the PUBLISH instead of the
    /// PUBREL; a DUP PUBLISH under such an identifier with the same topic and payload is that re-send.
    /// Any other packet for the identifier ends the suspicion.
    private var suspectedResends: [UInt16: Int] = [:]
    /// Subscriptions the application holds, by filter, to restore on a new session.
    private(set) var subscriptions: [String: MQTTSubscription] = [:]
    private var subscriptionOrder: [String] = []

    init(version: MQTTProtocolVersion) { self.version = version }

    /// QoS 1/2 publications not yet completed, including those waiting for a connection.
    var unacknowledgedCount: Int { outbound.count }
    var inFlight: Int { inFlightCount }

    // MARK: Application requests

    /// Starts a QoS 1 or 2 publication. It is sent now if connected and the broker's receive maximum
    /// allows, otherwise when it does.
    mutating func publish(_ message: MQTTPublish, completion: Completion) -> [Action] {
        precondition(message.qos != .atMostOnce, "QoS 0 publications have no session state")
        guard let id = allocateIdentifier() else { return [.fail(completion, .packetIdentifiersExhausted)] }
        var packet = message
        packet.packetIdentifier = id
        packet.dup = false
        sequence += 1
        outbound[id] = Outbound(stage: .publish(packet), completion: completion, sequence: sequence)
        waiting.append(id)
        return sendWaiting()
    }

    mutating func subscribe(_ list: [MQTTSubscription], completion: Completion) -> [Action] {
        guard let id = allocateIdentifier() else { return [.fail(completion, .packetIdentifiersExhausted)] }
        for subscription in list {
            if subscriptions.updateValue(subscription, forKey: subscription.topicFilter) == nil {
                subscriptionOrder.append(subscription.topicFilter)
            }
        }
        requests[id] = .subscribe(list, completion)
        return isConnected ? [.send(.subscribe(MQTTSubscribe(packetIdentifier: id, subscriptions: list)))] : []
    }

    mutating func unsubscribe(_ filters: [String], completion: Completion) -> [Action] {
        guard let id = allocateIdentifier() else { return [.fail(completion, .packetIdentifiersExhausted)] }
        for filter in filters { forget(filter) }
        requests[id] = .unsubscribe(filters, completion)
        return isConnected ? [.send(.unsubscribe(MQTTUnsubscribe(packetIdentifier: id, topicFilters: filters)))] : []
    }

    /// The application has taken a message; returns the acknowledgement to send, if any is still due.
    mutating func consumed(_ ack: MQTTInboundAcknowledgement) -> [Action] {
        var actions: [Action] = []
        consumed(ack, into: &actions)
        return actions
    }

    /// As `consumed(_:)`, appending to `actions` (no allocation per message on the hot path).
    mutating func consumed(_ ack: MQTTInboundAcknowledgement, into actions: inout [Action]) {
        if ack.exactlyOnce {
            guard case .awaitingApplication(let digest) = inbound[ack.packetIdentifier] else { return }
            inbound[ack.packetIdentifier] = .received(digest: digest)
            if isConnected { actions.append(.send(.pubRec(MQTTAcknowledgement(packetIdentifier: ack.packetIdentifier)))) }
            return
        }
        // A QoS 1 acknowledgement from an earlier connection would acknowledge whatever the broker
        // now sends under that identifier; the broker re-sends the message instead.
        guard isConnected, ack.generation == generation else { return }
        actions.append(.send(.pubAck(MQTTAcknowledgement(packetIdentifier: ack.packetIdentifier))))
    }

    // MARK: Connection events

    /// CONNACK accepted. Re-sends unacknowledged PUBLISH (with DUP) and PUBREL in their original order,
    /// pending SUBSCRIBE/UNSUBSCRIBE, and restores subscriptions when the broker has no session.
    mutating func connected(sessionPresent: Bool, receiveMaximum: Int) -> [Action] {
        isConnected = true
        generation += 1
        sendQuota = max(1, receiveMaximum)
        inFlightCount = 0
        var actions: [Action] = []
        if !sessionPresent { inbound.removeAll() }
        suspectedResends = sessionPresent ? completedInbound : [:]
        completedInbound.removeAll()
        var restoring = subscriptionOrder.compactMap { subscriptions[$0] }
        for id in requests.keys.sorted(by: { requestOrder($0) < requestOrder($1) }) {
            switch requests[id] {
            case .subscribe(let list, let completion):
                if completion == nil {
                    requests[id] = nil  // an earlier restore that never completed: redo it below
                    continue
                }
                let filters = Set(list.map(\.topicFilter))
                restoring.removeAll { filters.contains($0.topicFilter) }
                actions.append(.send(.subscribe(MQTTSubscribe(packetIdentifier: id, subscriptions: list))))
            case .unsubscribe(let filters, _):
                actions.append(.send(.unsubscribe(MQTTUnsubscribe(packetIdentifier: id, topicFilters: filters))))
            case nil:
                break
            }
        }
        if !sessionPresent && !restoring.isEmpty {
            if let id = allocateIdentifier() {
                requests[id] = .subscribe(restoring, nil)
                actions.insert(.send(.subscribe(MQTTSubscribe(packetIdentifier: id, subscriptions: restoring))), at: 0)
            }
        }
        // Everything unacknowledged goes out again, oldest first.
        let ordered = outbound.sorted { $0.value.sequence < $1.value.sequence }.map(\.key)
        for id in ordered { outbound[id]?.inFlight = false }
        waiting = Deque(ordered)
        actions += sendWaiting()
        return actions
    }

    /// The connection is gone. Nothing is forgotten: all of it is re-sent on the next `connected`.
    mutating func disconnected() {
        isConnected = false
        inFlightCount = 0
        for id in outbound.keys { outbound[id]?.inFlight = false }
    }

    /// Fails everything still pending, for a client that shuts down.
    mutating func failAll(_ error: MQTTClientError) -> [Action] {
        var actions: [Action] = outbound.values.sorted { $0.sequence < $1.sequence }.map { .fail($0.completion, error) }
        for request in requests.values {
            switch request {
            case .subscribe(_, let completion?): actions.append(.fail(completion, error))
            case .unsubscribe(_, let completion): actions.append(.fail(completion, error))
            case .subscribe(_, nil): break
            }
        }
        outbound.removeAll()
        waiting.removeAll()
        requests.removeAll()
        inFlightCount = 0
        return actions
    }

    // MARK: Packets from the broker

    /// Applies a packet received after CONNACK.
    mutating func received(_ packet: MQTTPacket) throws(MQTTClientError) -> [Action] {
        var actions: [Action] = []
        try received(packet, into: &actions)
        return actions
    }

    /// As `received(_:)`, appending to `actions`; PUBLISH, the hot path, allocates nothing here.
    mutating func received(_ packet: MQTTPacket, into actions: inout [Action]) throws(MQTTClientError) {
        if case .publish(let publish) = packet {
            receivedPublish(publish, into: &actions)
        } else {
            actions += try receivedControl(packet)
        }
    }

    private mutating func receivedControl(_ packet: MQTTPacket) throws(MQTTClientError) -> [Action] {
        switch packet {
        case .publish:
            preconditionFailure("PUBLISH is handled by receivedPublish")
        case .pubAck(let ack):
            guard let entry = outbound[ack.packetIdentifier], case .publish(let sent) = entry.stage,
                  sent.qos == .atLeastOnce
            else { return [] }  // late or duplicate PUBACK: nothing to do
            return finish(ack.packetIdentifier, entry, ack, topic: sent.topic)
        case .pubRec(let ack):
            let id = ack.packetIdentifier
            guard let entry = outbound[id] else {
                let code: MQTTReasonCode = version == .v5 ? .packetIdentifierNotFound : .success
                return [.send(.pubRel(MQTTAcknowledgement(packetIdentifier: id, reasonCode: code)))]
            }
            switch entry.stage {
            case .publish(let sent) where sent.qos == .exactlyOnce:
                if ack.reasonCode.isFailure { return finish(id, entry, ack, topic: sent.topic) }
                outbound[id]?.stage = .release
                return [.send(.pubRel(MQTTAcknowledgement(packetIdentifier: id)))]
            case .release:
                return [.send(.pubRel(MQTTAcknowledgement(packetIdentifier: id)))]
            case .publish:
                throw .protocolViolation("PUBREC for QoS 1 packet \(id)")
            }
        case .pubComp(let ack):
            guard let entry = outbound[ack.packetIdentifier], case .release = entry.stage else { return [] }
            return finish(ack.packetIdentifier, entry, ack, topic: nil)
        case .pubRel(let ack):
            let id = ack.packetIdentifier
            suspectedResends[id] = nil
            switch inbound[id] {
            case .received(let digest):
                inbound[id] = nil
                completedInbound[id] = digest
                return [.send(.pubComp(MQTTAcknowledgement(packetIdentifier: id)))]
            case .awaitingApplication:
                // PUBREC was never sent, so the broker cannot release it yet.
                throw .protocolViolation("PUBREL for packet \(id) before PUBREC")
            case nil:
                let code: MQTTReasonCode = version == .v5 ? .packetIdentifierNotFound : .success
                return [.send(.pubComp(MQTTAcknowledgement(packetIdentifier: id, reasonCode: code)))]
            }
        case .subAck(let ack):
            switch requests.removeValue(forKey: ack.packetIdentifier) {
            case .subscribe(let list, let completion):
                for (subscription, code) in zip(list, ack.reasonCodes) where code.isFailure {
                    forget(subscription.topicFilter)
                }
                if let completion { return [.succeed(completion, ack.reasonCodes)] }
                return [.restoredSubscriptions(list, ack.reasonCodes)]
            case .unsubscribe(let filters, let completion):
                requests[ack.packetIdentifier] = .unsubscribe(filters, completion)
                throw .protocolViolation("SUBACK for UNSUBSCRIBE \(ack.packetIdentifier)")
            case nil:
                throw .protocolViolation("SUBACK for unknown packet \(ack.packetIdentifier)")
            }
        case .unsubAck(let ack):
            guard case .unsubscribe(_, let completion) = requests.removeValue(forKey: ack.packetIdentifier) else {
                throw .protocolViolation("UNSUBACK for unknown packet \(ack.packetIdentifier)")
            }
            return [.succeed(completion, ack.reasonCodes)]
        case .pingResp:
            return []
        case .disconnect(let disconnect):
            throw .serverDisconnected(code: disconnect.reasonCode, reason: disconnect.properties.reasonString)
        case .connect, .connAck, .subscribe, .unsubscribe, .pingReq, .auth:
            throw .protocolViolation("unexpected \(packet.type) from the broker")
        }
    }

    // MARK: Internals

    private mutating func receivedPublish(_ publish: MQTTPublish, into actions: inout [Action]) {
        switch publish.qos {
        case .atMostOnce:
            actions.append(.deliver(publish, nil))
        case .atLeastOnce:
            guard let id = publish.packetIdentifier else { return }
            actions.append(.deliver(publish, MQTTInboundAcknowledgement(packetIdentifier: id, exactlyOnce: false,
                                                                        generation: generation)))
        case .exactlyOnce:
            guard let id = publish.packetIdentifier else { return }
            let suspected = suspectedResends.removeValue(forKey: id)
            switch inbound[id] {
            case .received:
                // Duplicate of a message already taken: acknowledge again, deliver nothing.
                actions.append(.send(.pubRec(MQTTAcknowledgement(packetIdentifier: id))))
            case .awaitingApplication:
                // Duplicate of a message the application has not taken yet: PUBREC follows when it does.
                break
            case nil:
                let digest = Self.digest(publish)
                if publish.dup, suspected == digest {
                    inbound[id] = .received(digest: digest)
                    actions.append(.suppressedResend(packetIdentifier: id, topic: publish.topic))
                    actions.append(.send(.pubRec(MQTTAcknowledgement(packetIdentifier: id))))
                    return
                }
                inbound[id] = .awaitingApplication(digest: digest)
                actions.append(.deliver(publish, MQTTInboundAcknowledgement(packetIdentifier: id, exactlyOnce: true,
                                                                            generation: generation)))
            }
        }
    }

    /// A digest of a message's topic and payload (stable within the process).
    private static func digest(_ publish: MQTTPublish) -> Int {
        var hasher = Hasher()
        hasher.combine(publish.topic)
        hasher.combine(publish.payload)
        return hasher.finalize()
    }

    private mutating func finish(_ id: UInt16, _ entry: Outbound, _ ack: MQTTAcknowledgement, topic: String?) -> [Action] {
        outbound[id] = nil
        if entry.inFlight { inFlightCount -= 1 }
        var actions: [Action]
        if ack.reasonCode.isFailure {
            actions = [.fail(entry.completion, .publishRejected(topic: topic ?? "", code: ack.reasonCode,
                                                                 reason: ack.properties.reasonString))]
        } else {
            actions = [.succeed(entry.completion, [ack.reasonCode])]
        }
        actions += sendWaiting()
        return actions
    }

    /// Sends waiting publications while the broker's receive maximum allows.
    private mutating func sendWaiting() -> [Action] {
        guard isConnected else { return [] }
        var actions: [Action] = []
        while inFlightCount < sendQuota, let id = waiting.popFirst() {
            guard var entry = outbound[id] else { continue }
            switch entry.stage {
            case .publish(var packet):
                packet.dup = entry.transmitted
                actions.append(.send(.publish(packet)))
            case .release:
                actions.append(.send(.pubRel(MQTTAcknowledgement(packetIdentifier: id))))
            }
            entry.transmitted = true
            entry.inFlight = true
            outbound[id] = entry
            inFlightCount += 1
        }
        return actions
    }

    private mutating func allocateIdentifier() -> UInt16? {
        for _ in 0..<Int(UInt16.max) {
            let id = nextIdentifier
            nextIdentifier = nextIdentifier == UInt16.max ? 1 : nextIdentifier + 1
            if outbound[id] == nil && requests[id] == nil { return id }
        }
        return nil
    }

    private func requestOrder(_ id: UInt16) -> Int {
        // Identifiers are handed out in increasing order modulo 65535; order by distance from the next one.
        (Int(id) - Int(nextIdentifier) + 65_536) % 65_536
    }

    private mutating func forget(_ filter: String) {
        if subscriptions.removeValue(forKey: filter) != nil {
            subscriptionOrder.removeAll { $0 == filter }
        }
    }
}
