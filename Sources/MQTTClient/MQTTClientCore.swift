import Logging
import MQTTCodec
import Metrics
import NIOConcurrencyHelpers
import NIOCore
import struct Foundation.Date

/// The event-loop side of ``MQTTClient``: owns the session state, the current channel and the
/// pending operations, and carries out the actions ``MQTTSession`` decides on.
///
/// The connection's state is one ``State`` (`MQTTClientCore+StateMachine.swift`).
///
/// `@unchecked Sendable`: every stored `var` (and the ``Link`` objects the state holds) is read and
/// written only on `eventLoop` (each entry point is either called from a channel handler on that
/// loop or hops there first, and asserts it); the only state touched from other threads is
/// `pendingAcknowledgements`, behind its own lock, and the `let` constants.
final class MQTTClientCore: @unchecked Sendable {
    typealias Completion = EventLoopPromise<[MQTTReasonCode]>

    let eventLoop: any EventLoop
    let configuration: MQTTClientConfiguration
    let logger: Logger
    /// Whether the message stream acknowledges QoS 1/2 messages as it hands them out.
    let acknowledgesOnDelivery: Bool

    private var session: MQTTSession<Completion>
    /// The messages of one read cycle travel as one batch: the application then pays for one
    /// hand-over per batch, not per message. Back-pressure counts messages (``backlog``).
    private var handOver: MessageHandOver?
    /// Messages handed to the stream and not yet taken by the application.
    let backlog = MessageBacklog()
    /// The time of the read whose messages are being decoded (``readTime()``).
    private var readStartedAt: Double?
    private var events: AsyncStream<MQTTConnectionEvent>.Continuation

    private var state = State.idle
    /// Errors seen on a channel before its session started (TLS handshake), by channel.
    private var earlyErrors: [ObjectIdentifier: any Error & Sendable] = [:]
    private var deliveries: [MQTTMessage] = []
    /// Reused for the actions of each inbound packet and acknowledgement, so the hot path does not allocate.
    private var scratch: [MQTTSession<Completion>.Action] = []
    /// Reused for the bytes of the packets one batch of actions sends.
    private var outgoing: [UInt8] = []
    private(set) var wantsMoreMessages = true
    /// Packets were written in reply to a read (acknowledgements) and wait for the read's end to be flushed.
    private var awaitsFlush = false
    /// Messages waiting for the application at which reading pauses, and at which it resumes.
    let bufferHighWatermark: Int
    let bufferLowWatermark: Int
    /// Shutdown was asked for: no more connection attempts.
    var isShuttingDown: Bool { state.isShuttingDown }
    private let pendingAcknowledgements = NIOLockedValueBox<[MQTTInboundAcknowledgement]>([])

    private let receivedCounter: Counter
    private let acknowledgedCounter: Counter
    private let publishedCounter: Counter
    private let reconnectCounter: Counter

    init(eventLoop: any EventLoop, configuration: MQTTClientConfiguration, logger: Logger,
         events: AsyncStream<MQTTConnectionEvent>.Continuation) {
        self.eventLoop = eventLoop
        self.configuration = configuration
        self.logger = logger
        self.events = events
        switch configuration.acknowledgement {
        case .onDelivery: acknowledgesOnDelivery = true
        case .manual: acknowledgesOnDelivery = false
        }
        bufferHighWatermark = max(1, configuration.inboundBufferSize)
        bufferLowWatermark = max(1, configuration.inboundBufferSize / 2)
        self.session = MQTTSession(version: configuration.version)
        let dimensions = [("client", configuration.clientIdentifier)]
        receivedCounter = Counter(label: "mqtt_messages_received_total", dimensions: dimensions)
        acknowledgedCounter = Counter(label: "mqtt_messages_acknowledged_total", dimensions: dimensions)
        publishedCounter = Counter(label: "mqtt_messages_published_total", dimensions: dimensions)
        reconnectCounter = Counter(label: "mqtt_connection_attempts_total", dimensions: dimensions)
    }

    /// Attaches the message stream (done once, right after `init`).
    func attach(_ handOver: MessageHandOver) {
        self.handOver = handOver
    }

    // MARK: Connection lifecycle

    /// Sends CONNECT on a freshly connected channel; the future completes with an accepted CONNACK.
    func startSession(on channel: any Channel, handler: MQTTChannelHandler) -> EventLoopFuture<MQTTConnAck> {
        eventLoop.preconditionInEventLoop()
        reconnectCounter.increment()
        guard !isShuttingDown else {
            channel.close(promise: nil)
            return eventLoop.makeFailedFuture(MQTTClientError.shutdown)
        }
        let promise = eventLoop.makePromise(of: MQTTConnAck.self)
        let link = Link(channel: channel, handler: handler, encoder: MQTTPacketEncoder(version: configuration.version),
                        closeReason: earlyErrors.removeValue(forKey: ObjectIdentifier(channel)))
        let timeout = eventLoop.scheduleTask(in: .init(configuration.connectTimeout)) { [self] in
            self.close(channel, reason: MQTTClientError.connectTimeout)
        }
        state = .connecting(link, connAck: promise, timeout: timeout)
        logger.debug("sending CONNECT", metadata: ["active": "\(channel.isActive)"])
        write(.connect(configuration.connectPacket()), flush: true)
        if !channel.isActive {
            // Closed between connecting and now (a failed TLS handshake, say): no channelInactive will follow.
            channelInactive(channel)
        }
        return promise.futureResult
    }

    func received(_ packet: MQTTPacket, on channel: any Channel) {
        eventLoop.preconditionInEventLoop()
        switch state {
        case .connected(let link, let pingTimeout, let maximumQoS):
            guard link.channel === channel else { return }
            if case .pingResp = packet {
                pingTimeout?.cancel()
                state = .connected(link, pingTimeout: nil, maximumQoS: maximumQoS)
                return
            }
        case .connecting(let link, _, _):
            guard link.channel === channel else { return }
            if case .connAck(let connAck) = packet {
                connAckReceived(connAck)
            } else if case .disconnect(let disconnect) = packet {
                close(channel, reason: MQTTClientError.serverDisconnected(
                    code: disconnect.reasonCode, reason: disconnect.properties.reasonString))
            } else {
                close(channel, reason: MQTTClientError.protocolViolation("\(packet.type) before CONNACK"))
            }
            return
        case .idle, .waitingToReconnect, .closing, .shuttingDown:
            // A channel on its way out: what it still carries is delivered again on the next session.
            return
        }
        do {
            scratch.removeAll(keepingCapacity: true)
            try session.received(packet, into: &scratch)
            perform(scratch, flush: false)
        } catch {
            logger.warning("closing connection", metadata: ["reason": "\(error)"])
            close(channel, reason: error)
        }
    }

    private func connAckReceived(_ connAck: MQTTConnAck) {
        guard case .connecting(let link, let promise, let timeout) = state else { return }
        timeout.cancel()
        guard !connAck.reasonCode.isFailure && (configuration.version == .v5 || connAck.reasonCode == .success) else {
            let error = MQTTClientError.connectionRefused(code: connAck.reasonCode,
                                                          reason: connAck.properties.reasonString,
                                                          version: configuration.version)
            link.closing(because: error)
            state = .closing(link, established: false)
            promise.fail(error)
            link.channel.close(promise: nil)
            return
        }
        var keepAlive = configuration.keepAlive
        if let limit = connAck.properties.maximumPacketSize {
            link.encoder.maximumPacketSize = Int(limit)
        }
        var maximumQoS = MQTTQoS.exactlyOnce
        if let maximum = connAck.properties.maximumQoS, let qos = MQTTQoS(rawValue: maximum) {
            maximumQoS = qos
        }
        if let serverKeepAlive = connAck.properties.serverKeepAlive {
            keepAlive = .seconds(Int(serverKeepAlive))
        }
        state = .connected(link, pingTimeout: nil, maximumQoS: maximumQoS)
        if keepAlive > .zero {
            let idle = IdleStateHandler(readTimeout: .init(keepAlive), writeTimeout: .init(keepAlive))
            try? link.channel.pipeline.syncOperations.addHandler(idle, position: .before(link.handler))
        }
        let receiveMaximum = Int(connAck.properties.receiveMaximum ?? UInt16.max)
        logger.info("connected", metadata: [
            "broker": "\(configuration.host):\(configuration.port)", "mqtt": "\(configuration.version)",
            "session_present": "\(connAck.sessionPresent)", "unacknowledged": "\(session.unacknowledgedCount)",
        ])
        perform(session.connected(sessionPresent: connAck.sessionPresent, receiveMaximum: receiveMaximum), flush: true)
        events.yield(.connected(sessionPresent: connAck.sessionPresent))
        promise.succeed(connAck)
    }

    func readComplete(on channel: any Channel) {
        eventLoop.preconditionInEventLoop()
        flushDeliveries()
        if awaitsFlush {
            awaitsFlush = false
            if state.link?.channel === channel { channel.flush() }
        }
    }

    /// Whether a QoS 0 PUBLISH read from `channel` is a message for the application, to be taken
    /// with ``deliver(_:)``: the session is up on that channel.
    func deliversMessages(from channel: any Channel) -> Bool {
        eventLoop.preconditionInEventLoop()
        guard case .connected(let link, _, _) = state else { return false }
        return link.channel === channel
    }

    /// Takes a QoS 0 message decoded in place by the channel handler, after
    /// ``deliversMessages(from:)`` said yes: the session has nothing to track or acknowledge for it.
    func deliver(_ publish: consuming MQTTPublish) {
        deliveries.append(MQTTMessage(publish, acknowledgement: nil, receivedAt: readTime()))
    }

    func channelError(_ error: any Error, on channel: any Channel) {
        eventLoop.preconditionInEventLoop()
        logger.warning("connection error", metadata: ["error": "\(error)"])
        let reason = MQTTClientError.sendable(error)
        if let link = state.link, link.channel === channel {
            link.closing(because: reason)
        } else {
            earlyErrors[ObjectIdentifier(channel)] = reason
        }
    }

    func channelInactive(_ channel: any Channel) {
        eventLoop.preconditionInEventLoop()
        logger.debug("channel inactive")
        guard let link = state.link, link.channel === channel else { return }
        flushDeliveries()
        let reason = link.closeReason
        let established: Bool
        switch state {
        case .connecting(_, let promise, let timeout):
            timeout.cancel()
            promise.fail(reason ?? MQTTClientError.connectionClosed)
            established = false
            state = .idle
        case .connected(_, let pingTimeout, _):
            pingTimeout?.cancel()
            established = true
            state = .idle
        case .closing(_, let wasEstablished):
            established = wasEstablished
            state = .idle
        case .shuttingDown(_, let wasEstablished):
            established = wasEstablished
            state = .shuttingDown(nil, established: false)
        case .idle, .waitingToReconnect:
            return
        }
        if established {
            session.disconnected()
            logger.info("disconnected", metadata: ["reason": "\(reason.map { "\($0)" } ?? "closed")"])
            events.yield(.disconnected(reason))
        }
    }

    /// No traffic for a keep-alive interval: ping, and expect an answer within the ping timeout.
    func connectionIdle(_ channel: any Channel) {
        eventLoop.preconditionInEventLoop()
        guard case .connected(let link, .none, let maximumQoS) = state, link.channel === channel else { return }
        let pingTimeout = eventLoop.scheduleTask(in: .init(configuration.pingTimeout)) { [self] in
            self.pingTimedOut(channel)
        }
        state = .connected(link, pingTimeout: pingTimeout, maximumQoS: maximumQoS)
        write(.pingReq, flush: true)
    }

    private func pingTimedOut(_ channel: any Channel) {
        guard case .connected(let link, _, let maximumQoS) = state, link.channel === channel else { return }
        state = .connected(link, pingTimeout: nil, maximumQoS: maximumQoS)
        if !wantsMoreMessages {
            // Reads are paused for the application, so the PINGRESP may be waiting unread. Not dead.
            connectionIdle(channel)
            return
        }
        logger.warning("keep-alive timeout: no PINGRESP", metadata: ["timeout": "\(configuration.pingTimeout)"])
        close(channel, reason: MQTTClientError.keepAliveTimeout)
    }

    /// Closes `channel` for `reason` (its first known reason stays): a pending CONNACK wait fails
    /// with it, and the state moves to closing.
    private func close(_ channel: any Channel, reason: any Error & Sendable) {
        switch state {
        case .connecting(let link, let promise, let timeout) where link.channel === channel:
            timeout.cancel()
            link.closing(because: reason)
            state = .closing(link, established: false)
            promise.fail(reason)
        case .connected(let link, let pingTimeout, _) where link.channel === channel:
            pingTimeout?.cancel()
            link.closing(because: reason)
            state = .closing(link, established: true)
        case .closing(let link, _) where link.channel === channel:
            link.closing(because: reason)
        case .shuttingDown(let link?, _) where link.channel === channel:
            link.closing(because: reason)
        case .idle, .waitingToReconnect, .connecting, .connected, .closing, .shuttingDown:
            break
        }
        channel.close(promise: nil)
    }

    /// Waits before the next connection attempt; completes early when the client shuts down.
    func waitBeforeReconnecting(_ delay: Duration) -> EventLoopFuture<Void> {
        eventLoop.preconditionInEventLoop()
        guard !isShuttingDown else { return eventLoop.makeSucceededVoidFuture() }
        let promise = eventLoop.makePromise(of: Void.self)
        let task = eventLoop.scheduleTask(in: .init(delay)) { [self] in
            if case .waitingToReconnect = self.state { self.state = .idle }
            promise.succeed()
        }
        state = .waitingToReconnect(promise, task)
        return promise.futureResult
    }

    func reportConnectFailure(_ error: any Error & Sendable) {
        events.yield(.connectFailed(error))
    }

    // MARK: Shutdown

    /// Starts a graceful shutdown: DISCONNECT, close, stop reconnecting.
    func shutdown() {
        eventLoop.preconditionInEventLoop()
        let reason = MQTTClientError.shutdown
        switch state {
        case .shuttingDown:
            return
        case .idle:
            state = .shuttingDown(nil, established: false)
        case .waitingToReconnect(let promise, let task):
            task.cancel()
            state = .shuttingDown(nil, established: false)
            promise.succeed()
        case .connecting(let link, let promise, let timeout):
            timeout.cancel()
            link.closing(because: reason)
            state = .shuttingDown(link, established: false)
            promise.fail(reason)
            link.channel.close(promise: nil)
        case .connected(let link, let pingTimeout, _):
            pingTimeout?.cancel()
            write(.disconnect(MQTTDisconnect()), flush: true)
            link.closing(because: reason)
            state = .shuttingDown(link, established: true)
            link.channel.close(promise: nil)
        case .closing(let link, let established):
            link.closing(because: reason)
            state = .shuttingDown(link, established: established)
            link.channel.close(promise: nil)
        }
    }

    /// After the run loop has ended: fail what is still pending and end the message stream.
    func finish() {
        eventLoop.preconditionInEventLoop()
        shutdown()
        let pending = session.unacknowledgedCount
        if pending > 0 {
            logger.warning("shutting down with unacknowledged publications", metadata: ["count": "\(pending)"])
        }
        perform(session.failAll(.shutdown), flush: false)
        flushDeliveries()
        handOver?.finish()
        events.finish()
    }

    // MARK: Application operations

    func publish(_ message: MQTTPublish) -> EventLoopFuture<[MQTTReasonCode]> {
        eventLoop.preconditionInEventLoop()
        if isShuttingDown { return eventLoop.makeFailedFuture(MQTTClientError.shutdown) }
        do {
            try MQTTTopicFilter.validateName(message.topic, packetType: .publish)
        } catch {
            return eventLoop.makeFailedFuture(MQTTClientError.invalidArgument(error))
        }
        if case .connected(let link, _, let maximumQoS) = state {
            if message.qos > maximumQoS {
                return eventLoop.makeFailedFuture(MQTTClientError.qosNotSupported(requested: message.qos, maximum: maximumQoS))
            }
            var sized = message
            if message.qos != .atMostOnce { sized.packetIdentifier = 1 }
            do {
                _ = try link.encoder.encode(.publish(sized))
            } catch {
                if case .packetTooLarge(let size, let maximum) = error {
                    return eventLoop.makeFailedFuture(
                        MQTTClientError.packetTooLarge(topic: message.topic, size: size, maximum: maximum))
                }
                return eventLoop.makeFailedFuture(MQTTClientError.invalidArgument(error))
            }
        }
        publishedCounter.increment()
        if message.qos == .atMostOnce {
            guard case .connected(let link, _, _) = state else {
                return eventLoop.makeFailedFuture(MQTTClientError.notConnected)
            }
            let promise = eventLoop.makePromise(of: Void.self)
            writeChecked(.publish(message), to: link, promise: promise)
            link.channel.flush()
            return promise.futureResult.map { [] }
        }
        let promise = eventLoop.makePromise(of: [MQTTReasonCode].self)
        perform(session.publish(message, completion: promise), flush: true)
        return promise.futureResult
    }

    func subscribe(_ subscriptions: [MQTTSubscription]) -> EventLoopFuture<[MQTTReasonCode]> {
        request(filters: subscriptions.map(\.topicFilter), packetType: .subscribe) { session, promise in
            session.subscribe(subscriptions, completion: promise)
        }
    }

    func unsubscribe(_ filters: [String]) -> EventLoopFuture<[MQTTReasonCode]> {
        request(filters: filters, packetType: .unsubscribe) { session, promise in
            session.unsubscribe(filters, completion: promise)
        }
    }

    /// SUBSCRIBE and UNSUBSCRIBE: refuse invalid filters up front (an unencodable request would never
    /// be answered), then let the session send or queue it.
    private func request(
        filters: [String], packetType: MQTTPacketType,
        _ start: (inout MQTTSession<Completion>, Completion) -> [MQTTSession<Completion>.Action]
    ) -> EventLoopFuture<[MQTTReasonCode]> {
        eventLoop.preconditionInEventLoop()
        if isShuttingDown { return eventLoop.makeFailedFuture(MQTTClientError.shutdown) }
        do throws(MQTTCodecError) {
            guard !filters.isEmpty else {
                throw MQTTCodecError.invalidValue(packetType, field: "topic filters", reason: "at least one is required")
            }
            for filter in filters { try MQTTTopicFilter.validateFilter(filter, packetType: packetType) }
        } catch {
            return eventLoop.makeFailedFuture(MQTTClientError.invalidArgument(error))
        }
        let promise = eventLoop.makePromise(of: [MQTTReasonCode].self)
        perform(start(&session, promise), flush: true)
        return promise.futureResult
    }

    /// The application took `count` messages off the stream: counts them off the backlog and,
    /// when it fell to the low watermark while reading was paused, resumes reading. Any thread.
    func taken(_ count: Int) {
        let left = backlog.add(-count)
        if left <= bufferLowWatermark, backlog.unpause() {
            eventLoop.execute { self.resumeReading() }
        }
    }

    /// Called from the consumer's task when it takes a QoS 1/2 message (or gives receipts back).
    /// Acknowledgements are batched: one hop to the event loop and one flush for all that arrived
    /// meanwhile.
    func consumed(_ acknowledgements: some Collection<MQTTInboundAcknowledgement>) {
        guard !acknowledgements.isEmpty else { return }
        let first = pendingAcknowledgements.withLockedValue { pending in
            let wasEmpty = pending.isEmpty
            pending.append(contentsOf: acknowledgements)
            return wasEmpty
        }
        if first {
            eventLoop.execute { [self] in self.sendAcknowledgements() }
        }
    }

    private func sendAcknowledgements() {
        let acknowledgements = pendingAcknowledgements.withLockedValue { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        scratch.removeAll(keepingCapacity: true)
        for acknowledgement in acknowledgements {
            session.consumed(acknowledgement, into: &scratch)
        }
        acknowledgedCounter.increment(by: Int64(acknowledgements.count))
        perform(scratch, flush: false)
        state.link?.channel.flush()
    }

    // MARK: Back-pressure

    func resumeReading() {
        eventLoop.preconditionInEventLoop()
        wantsMoreMessages = true
        state.link?.handler.resumeReading()
    }

    func consumerTerminated() {
        eventLoop.preconditionInEventLoop()
        handOver = nil
        wantsMoreMessages = true
        state.link?.handler.resumeReading()
    }

    /// When the messages of the current read were decoded: read from the clock once per read,
    /// not once per message.
    private func readTime() -> Double {
        if let readStartedAt { return readStartedAt }
        let now = Date().timeIntervalSince1970
        readStartedAt = now
        return now
    }

    private func flushDeliveries() {
        readStartedAt = nil
        guard !deliveries.isEmpty else { return }
        let batch = deliveries
        deliveries.removeAll(keepingCapacity: true)
        guard let handOver else {
            logger.error("message stream has no consumer; messages left unacknowledged for redelivery",
                         metadata: ["count": "\(batch.count)"])
            return
        }
        receivedCounter.increment(by: Int64(batch.count))
        // Counted once per batch: the stream's iterator takes the whole batch off again when it
        // hands out its last message.
        backlog.add(batch.count)
        if case .dropped = handOver.yield(batch) {
            backlog.add(-batch.count)
            logger.error("message stream ended; messages left unacknowledged for redelivery",
                         metadata: ["count": "\(batch.count)"])
            return
        }
        // The application is a buffer behind: stop reading until it has taken half of it. The
        // depth is checked again after pausing, in case it took them meanwhile and saw no pause.
        if backlog.value >= bufferHighWatermark {
            wantsMoreMessages = false
            backlog.pause()
            if backlog.value <= bufferLowWatermark, backlog.unpause() { resumeReading() }
        }
    }

    // MARK: Carrying out actions

    private func perform(_ actions: [MQTTSession<Completion>.Action], flush: Bool) {
        // Packets of one batch (acknowledgements, above all) are encoded into one buffer and written once.
        outgoing.removeAll(keepingCapacity: true)
        for action in actions {
            switch action {
            case .send(let packet):
                encode(packet, into: &outgoing)
            case .deliver(let publish, let acknowledgement):
                deliveries.append(MQTTMessage(publish, acknowledgement: acknowledgement, receivedAt: readTime()))
            case .succeed(let promise, let codes):
                promise.succeed(codes)
            case .fail(let promise, let error):
                promise.fail(error)
            case .restoredSubscriptions(let subscriptions, let codes):
                let failed = zip(subscriptions, codes).filter { $0.1.isFailure }
                if failed.isEmpty {
                    logger.info("subscriptions restored", metadata: ["count": "\(subscriptions.count)"])
                } else {
                    logger.error("broker refused restored subscriptions", metadata: [
                        "filters": "\(failed.map { "\($0.0.topicFilter): \($0.1)" })",
                    ])
                }
                events.yield(.subscriptionsRestored(subscriptions, codes))
            case .suppressedResend(let id, let topic):
                logger.notice("broker re-sent a QoS 2 message already completed; acknowledged, not delivered again",
                              metadata: ["packet_id": "\(id)", "topic": "\(topic)"])
            }
        }
        guard let link = state.link else { return }
        if !outgoing.isEmpty {
            link.channel.write(link.channel.allocator.buffer(bytes: outgoing), promise: nil)
            if !flush { awaitsFlush = true }
        }
        if flush { link.channel.flush() }
    }

    /// Appends the packet's bytes; on failure logs why, appends nothing and returns false.
    @discardableResult
    private func encode(_ packet: MQTTPacket, into bytes: inout [UInt8]) -> Bool {
        guard let link = state.link else { return false }
        do {
            try link.encoder.encode(packet, into: &bytes)
            return true
        } catch {
            logger.error("cannot encode packet", metadata: ["packet": "\(packet.type)", "error": "\(error)"])
            return false
        }
    }

    private func write(_ packet: MQTTPacket, flush: Bool) {
        guard let link = state.link else { return }
        writeChecked(packet, to: link, promise: nil)
        if flush { link.channel.flush() }
    }

    private func writeChecked(_ packet: MQTTPacket, to link: Link, promise: EventLoopPromise<Void>?) {
        var bytes: [UInt8] = []
        guard encode(packet, into: &bytes) else {
            promise?.fail(MQTTClientError.invalidArgument(.invalidValue(packet.type, field: "packet", reason: "cannot be encoded")))
            return
        }
        link.channel.write(link.channel.allocator.buffer(bytes: bytes), promise: promise)
    }
}
