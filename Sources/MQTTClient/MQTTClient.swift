import Logging
import MQTTCodec
import NIOCore
import NIOPosix
import NIOHTTP1
import NIOSSL
import NIOWebSocket
import ServiceLifecycle

/// An MQTT 3.1.1 / 5.0 client that keeps one session with a broker alive: it connects, reconnects
/// with backoff, re-sends what was not acknowledged, restores subscriptions, and hands received
/// messages to the application through ``messages`` with back-pressure.
///
/// Run it as a service (``run()``); publish, subscribe and read ``messages`` from other tasks.
/// QoS 1/2 publications and subscriptions made while disconnected are sent once connected.
public final class MQTTClient: Service, Sendable {
    public let configuration: MQTTClientConfiguration
    /// Received messages. Iterate once, from one task.
    public let messages: MQTTMessageStream
    /// Connection events (connected, failures, disconnections, restored subscriptions).
    public let events: AsyncStream<MQTTConnectionEvent>

    private let core: MQTTClientCore
    private let logger: Logger

    public init(configuration: MQTTClientConfiguration,
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger = Logger(label: "pdm.mqtt")) {
        var logger = logger
        logger[metadataKey: "mqtt_client"] = "\(configuration.clientIdentifier)"
        self.configuration = configuration
        self.logger = logger
        let (events, continuation) = AsyncStream.makeStream(of: MQTTConnectionEvent.self,
                                                            bufferingPolicy: .bufferingNewest(256))
        self.events = events
        let core = MQTTClientCore(eventLoop: eventLoopGroup.next(), configuration: configuration, logger: logger,
                                  events: continuation)
        let handOver = MessageHandOver { [core] in
            core.eventLoop.execute { core.consumerTerminated() }
        }
        core.attach(handOver)
        self.core = core
        self.messages = MQTTMessageStream(handOver: handOver, core: core)
    }

    /// The client's event loop (``onEventLoop(_:)``).
    var eventLoop: any EventLoop { core.eventLoop }

    // MARK: Running

    /// Connects and keeps the session alive until graceful shutdown or cancellation.
    ///
    /// Throws only for an unusable configuration, or when ``MQTTReconnectPolicy/maximumAttempts``
    /// consecutive attempts failed.
    public func run() async throws {
        let tls = try makeTLSContext()
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await runConnections(tls: tls)
            } onGracefulShutdown: { [core] in
                core.eventLoop.execute { core.shutdown() }
            }
        } onCancel: { [core] in
            core.eventLoop.execute { core.shutdown() }
        }
    }

    private func runConnections(tls: NIOSSLContext?) async throws {
        var failures = 0
        var random = SystemRandomNumberGenerator()
        while try await !core.eventLoop.submit({ [core] in core.isShuttingDown }).get() {
            let failure: (any Error)?
            do {
                let channel = try await connectChannel(tls: tls)
                // Established: wait until it closes (the core logs why), then reconnect from scratch.
                _ = try? await channel.closeFuture.get()
                failure = nil
            } catch MQTTClientError.shutdown {
                break
            } catch {
                failure = error
            }
            if let failure {
                failures += 1
                core.eventLoop.execute { [core] in core.reportConnectFailure(MQTTClientError.sendable(failure)) }
                logger.warning("connection attempt failed", metadata: [
                    "broker": "\(configuration.host):\(configuration.port)", "error": "\(failure)",
                    "attempt": "\(failures)",
                ])
                if let maximum = configuration.reconnect.maximumAttempts, failures > maximum {
                    await finish()
                    throw failure
                }
            } else {
                failures = 0  // a CONNACK resets the backoff
            }
            let delay = configuration.reconnect.delay(afterAttempt: max(0, failures - 1),
                                                      random: Double.random(in: 0..<1, using: &random))
            try await core.eventLoop.flatSubmit { [core] in core.waitBeforeReconnecting(delay) }.get()
        }
        await finish()
    }

    /// Opens TCP (and TLS, and the WebSocket upgrade), sends CONNECT and waits for CONNACK.
    /// Returns the established channel; throws if any step fails.
    private func connectChannel(tls: NIOSSLContext?) async throws -> any Channel {
        let channel: any Channel
        switch configuration.transport {
        case .tcp:
            channel = try await bootstrap(tls: tls).connect(host: configuration.host, port: configuration.port).get()
        case .webSocket(let path):
            channel = try await connectWebSocket(tls: tls, path: path)
        }
        let core = self.core
        do {
            _ = try await core.eventLoop.flatSubmit {
                do {
                    let handler = try channel.pipeline.syncOperations.handler(type: MQTTChannelHandler.self)
                    return core.startSession(on: channel, handler: handler)
                } catch {
                    return core.eventLoop.makeFailedFuture(error)
                }
            }.get()
        } catch {
            channel.close(promise: nil)
            throw error
        }
        return channel
    }

    /// A bootstrap on the client's event loop: TLS first when configured, then (for TCP) the MQTT handler.
    private func bootstrap(tls: NIOSSLContext?) -> ClientBootstrap {
        let core = self.core
        let serverName = configuration.tls?.serverName ?? configuration.host
        let decoder = MQTTPacketDecoder(version: configuration.version, maximumPacketSize: configuration.maximumPacketSize)
        let plainTCP = configuration.transport == .tcp
        return ClientBootstrap(group: core.eventLoop)
            .connectTimeout(.init(configuration.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        let isIPAddress = (try? SocketAddress(ipAddress: serverName, port: 0)) != nil
                        let handler = try NIOSSLClientHandler(context: tls,
                                                              serverHostname: isIPAddress ? nil : serverName)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    if plainTCP {
                        try channel.pipeline.syncOperations.addHandler(MQTTChannelHandler(core: core, decoder: decoder))
                    }
                }
            }
    }

    /// What became of the WebSocket upgrade.
    private enum WebSocketUpgrade: Sendable {
        case upgraded(any Channel)
        case refused(String)
    }

    /// Opens TCP (and TLS) and upgrades the connection to WebSocket with the subprotocol `mqtt`
    /// (bounded by the connect timeout); the MQTT handler then reads the binary frames.
    private func connectWebSocket(tls: NIOSSLContext?, path: String) async throws -> any Channel {
        let core = self.core
        let decoder = MQTTPacketDecoder(version: configuration.version, maximumPacketSize: configuration.maximumPacketSize)
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        let authority = "\(host):\(configuration.port)"
        let timeout = TimeAmount(configuration.connectTimeout)
        // A frame holds at most one packet of the largest size accepted, plus the frame header.
        let maximumFrameSize = min(configuration.maximumPacketSize + 16, 1 << 30)
        let outcome = try await bootstrap(tls: tls).connect(host: configuration.host, port: configuration.port) { channel in
            channel.eventLoop.makeCompletedFuture {
                let upgrader = NIOTypedWebSocketClientUpgrader<WebSocketUpgrade>(
                    maxFrameSize: maximumFrameSize,
                    upgradePipelineHandler: { channel, response in
                        channel.eventLoop.makeCompletedFuture {
                            let offered = response.headers[canonicalForm: "Sec-WebSocket-Protocol"].map { $0.lowercased() }
                            guard offered.contains("mqtt") else {
                                return .refused("the server did not accept the subprotocol mqtt")
                            }
                            try channel.pipeline.syncOperations.addHandler(MQTTWebSocketFrameHandler())
                            try channel.pipeline.syncOperations.addHandler(MQTTChannelHandler(core: core, decoder: decoder))
                            return .upgraded(channel)
                        }
                    })
                var headers = HTTPHeaders()
                headers.add(name: "Host", value: authority)
                headers.add(name: "Sec-WebSocket-Protocol", value: "mqtt")
                let request = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
                let upgrade = NIOTypedHTTPClientUpgradeConfiguration<WebSocketUpgrade>(
                    upgradeRequestHead: request, upgraders: [upgrader],
                    notUpgradingCompletionHandler: { channel in
                        channel.eventLoop.makeCompletedFuture { .refused("the server answered without switching protocols") }
                    })
                let negotiated = try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                    configuration: .init(upgradeConfiguration: upgrade))
                // The upgrade is bounded by the connect timeout; whichever comes first settles it.
                let settled = channel.eventLoop.makePromise(of: WebSocketUpgrade.self)
                let done = NIOLoopBoundBox(false, eventLoop: channel.eventLoop)
                let deadline = channel.eventLoop.scheduleTask(in: timeout) {
                    guard !done.value else { return }
                    done.value = true
                    settled.fail(MQTTClientError.webSocketUpgradeFailed("no answer to the upgrade request in time"))
                    channel.close(promise: nil)
                }
                negotiated.whenComplete { result in
                    deadline.cancel()
                    guard !done.value else { return }
                    done.value = true
                    switch result {
                    case .success(let outcome): settled.succeed(outcome)
                    case .failure(let error): settled.fail(MQTTClientError.webSocketUpgradeFailed("\(error)"))
                    }
                }
                return settled.futureResult
            }
        }.get()
        switch outcome {
        case .upgraded(let channel):
            return channel
        case .refused(let reason):
            throw MQTTClientError.webSocketUpgradeFailed(reason)
        }
    }

    private func finish() async {
        try? await core.eventLoop.submit { [core] in core.finish() }.get()
    }

    private func makeTLSContext() throws -> NIOSSLContext? {
        guard let tls = configuration.tls else { return nil }
        var settings = TLSConfiguration.makeClientConfiguration()
        do {
            if let caFile = tls.caFile { settings.trustRoots = .file(caFile) }
            if let certificateFile = tls.certificateFile {
                settings.certificateChain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { .certificate($0) }
            }
            if let keyFile = tls.privateKeyFile {
                settings.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem))
            }
            if !tls.verifyCertificates { settings.certificateVerification = .none }
            return try NIOSSLContext(configuration: settings)
        } catch {
            throw MQTTClientError.invalidConfiguration("TLS: \(error)")
        }
    }

    // MARK: Operations

    /// Publishes a message. Returns when it is written (QoS 0), acknowledged by PUBACK (QoS 1), or
    /// completed by PUBCOMP (QoS 2); QoS 1/2 wait across reconnections.
    ///
    /// - Returns: the broker's reason code for QoS 1/2 (MQTT 5; always success with 3.1.1).
    @discardableResult
    public func publish(topic: String, payload: [UInt8], qos: MQTTQoS = .atLeastOnce, retain: Bool = false,
                        properties: MQTTProperties = []) async throws -> MQTTReasonCode? {
        let message = MQTTPublish(topic: topic, payload: payload, qos: qos, retain: retain,
                                  properties: configuration.version == .v5 ? properties : [])
        let codes = try await core.eventLoop.flatSubmit { [core] in core.publish(message) }.get()
        return codes.first
    }

    /// Publishes messages in order, each sent without waiting for the acknowledgement of the one
    /// before it; returns once every one is acknowledged (as ``publish(topic:payload:qos:retain:properties:)``
    /// does for one), or throws the first failure.
    public func publish(_ messages: [MQTTPublish]) async throws {
        let version = configuration.version
        let messages = messages.map { message in
            var message = message
            if version != .v5 { message.properties = [] }
            return message
        }
        _ = try await core.eventLoop.flatSubmit { [core] in
            EventLoopFuture.whenAllSucceed(messages.map { core.publish($0) }, on: core.eventLoop)
        }.get()
    }

    /// Subscribes and returns the broker's reason code per filter (granted QoS, or a failure code).
    /// The subscriptions are restored automatically when the broker has no session after a reconnect.
    @discardableResult
    public func subscribe(_ subscriptions: [MQTTSubscription]) async throws -> [MQTTReasonCode] {
        try await core.eventLoop.flatSubmit { [core] in core.subscribe(subscriptions) }.get()
    }

    /// Removes subscriptions.
    @discardableResult
    public func unsubscribe(_ topicFilters: [String]) async throws -> [MQTTReasonCode] {
        try await core.eventLoop.flatSubmit { [core] in core.unsubscribe(topicFilters) }.get()
    }

    /// Acknowledges messages to the broker under ``MQTTAcknowledgementMode/manual``, in the order
    /// they arrived. Receipts from before a reconnection are ignored: the broker delivers those
    /// messages again.
    /// Under ``MQTTAcknowledgementMode/onDelivery`` this does nothing: the stream acknowledged them.
    public func acknowledge(_ receipts: some Collection<MQTTReceipt>) {
        guard !core.acknowledgesOnDelivery else { return }
        core.consumed(receipts.lazy.map(\.acknowledgement))
    }

    /// Messages received and not yet taken from ``messages``: the application's backlog. A batch
    /// handed over together counts until its last message is taken.
    public var bufferedMessages: Int { core.backlog.value }

    /// Sends DISCONNECT and stops reconnecting; ``run()`` then returns.
    public func shutdown() {
        core.eventLoop.execute { [core] in core.shutdown() }
    }
}

extension MQTTClientError {
    /// Wraps any error as a sendable one for events.
    static func sendable(_ error: any Error) -> any Error & Sendable {
        if let error = error as? MQTTClientError { return error }
        return MQTTTransportError(description: "\(error)")
    }
}

/// A transport failure (TCP, TLS, DNS) described for logs and events.
public struct MQTTTransportError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
