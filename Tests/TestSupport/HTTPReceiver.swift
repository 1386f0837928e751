import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP server on 127.0.0.1 for webhook tests: records every request and answers as the
/// test says (status codes, delays past a client's timeout, hang-ups, slow bodies). The port can be
/// kept while the server is stopped, so a receiver can be "down" (connection refused) and come back.
public final class HTTPReceiver: Sendable {
    /// A request as the receiver saw it.
    public struct Request: Sendable {
        public var method: String
        public var uri: String
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]
        public var receivedAt: Date

        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        public var bodyString: String { String(decoding: body, as: UTF8.self) }

        /// The body parsed as a JSON object.
        public var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        }
    }

    /// How to answer a request.
    public indirect enum Reply: Sendable {
        case status(Int, body: String = "", headers: [(String, String)] = [])
        /// Waits, then answers.
        case delayed(Double, Reply)
        /// Closes the connection without answering.
        case hangUp
        /// Sends the head and then the body in pieces, `interval` seconds apart.
        case slowBody(Int, chunks: [String], interval: Double)
    }

    public typealias Responder = @Sendable (Request) -> Reply

    private struct State {
        var requests: [Request] = []
        var waiters: [(ready: @Sendable ([Request]) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []
        var responder: Responder = { _ in .status(200, body: "{}") }
        var channel: (any Channel)?
    }

    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let state = Mutex(State())

    /// Starts a receiver on a free port.
    public init(port: Int? = nil) async throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.port = try port ?? FreePort.allocate()
        try await start()
    }

    deinit {
        try? group.syncShutdownGracefully()
    }

    /// Sets how requests are answered from now on.
    public func respond(_ responder: @escaping Responder) {
        state.withLock { $0.responder = responder }
    }

    /// Every request received so far.
    public var requests: [Request] { state.withLock { $0.requests } }

    /// Waits until `count` requests have arrived (or `timeout` seconds have passed) and returns
    /// the requests received so far.
    @discardableResult
    public func waitForRequests(_ count: Int, timeout: Double = 10) async -> [Request] {
        await waitUntil(timeout: timeout) { $0.count >= count }
    }

    /// Waits until the requests received satisfy `ready` (or `timeout` seconds have passed) and
    /// returns them.
    @discardableResult
    public func waitUntil(timeout: Double = 10, _ ready: @escaping @Sendable ([Request]) -> Bool) async -> [Request] {
        let timer = Task { [weak self] in
            try? await Task.sleep(for: .seconds(timeout))
            self?.releaseWaiters(all: true)
        }
        defer { timer.cancel() }
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Bool in
                if ready(state.requests) { return true }
                state.waiters.append((ready, continuation))
                return false
            }
            if done { continuation.resume() }
        }
        return requests
    }

    private func releaseWaiters(all: Bool) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            let requests = state.requests
            let released = state.waiters.filter { all || $0.ready(requests) }.map(\.continuation)
            state.waiters.removeAll { all || $0.ready(requests) }
            return released
        }
        for continuation in ready { continuation.resume() }
    }

    fileprivate func received(_ request: Request) -> Reply {
        let reply = state.withLock { state -> Reply in
            state.requests.append(request)
            return state.responder(request)
        }
        releaseWaiters(all: false)
        return reply
    }

    /// Starts listening (again) on the receiver's port.
    public func start() async throws {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(ReceiverHandler(receiver: self))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        state.withLock { $0.channel = channel }
    }

    /// Stops listening: connections are refused until ``start()``.
    public func stop() async {
        let channel = state.withLock { state -> (any Channel)? in
            defer { state.channel = nil }
            return state.channel
        }
        try? await channel?.close()
    }
}

private final class ReceiverHandler: ChannelInboundHandler, @unchecked Sendable {
    // Unchecked: the handler lives on its channel's event loop, and every access to its stored
    // state happens there (channelRead, and the callbacks scheduled on `context.eventLoop`).
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let receiver: HTTPReceiver
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(receiver: HTTPReceiver) {
        self.receiver = receiver
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            let request = HTTPReceiver.Request(method: head.method.rawValue, uri: head.uri,
                                               headers: head.headers.map { ($0.name, $0.value) }, body: body,
                                               receivedAt: Date())
            answer(receiver.received(request), keepAlive: head.isKeepAlive, context: context)
        }
    }

    private func answer(_ reply: HTTPReceiver.Reply, keepAlive: Bool, context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        switch reply {
        case .hangUp:
            context.close(promise: nil)
        case .delayed(let seconds, let next):
            context.eventLoop.scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
                self.answer(next, keepAlive: keepAlive, context: loopBound.value)
            }
        case .status(let code, let text, let extra):
            var headers = HTTPHeaders(extra)
            headers.replaceOrAdd(name: "Content-Length", value: String(text.utf8.count))
            if !text.isEmpty, !headers.contains(name: "Content-Type") { headers.add(name: "Content-Type", value: "application/json") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: code), headers: headers))),
                          promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                if !keepAlive { loopBound.value.close(promise: nil) }
            }
        case .slowBody(let code, let chunks, let interval):
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: String(chunks.map(\.utf8.count).reduce(0, +)))
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: code),
                                                                         headers: headers))), promise: nil)
            for (index, chunk) in chunks.enumerated() {
                context.eventLoop.scheduleTask(in: .milliseconds(Int64(Double(index + 1) * interval * 1000))) {
                    let context = loopBound.value
                    context.writeAndFlush(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: chunk)))), promise: nil)
                    if index == chunks.count - 1 { context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil) }
                }
            }
        }
    }
}
