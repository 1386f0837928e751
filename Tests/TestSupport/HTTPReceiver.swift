import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP server on 127.0.0.1 for webhook tests: records every request and answers as the
/// test says (status codes, delays past a client's timeout, hang-ups, slow bodies). For a receiver
/// that is down, ``refusingPort()`` gives a port where connections are refused.
package final class HTTPReceiver: Sendable {
    /// A request as the receiver saw it.
    package struct Request: Sendable {
        package var method: String
        package var uri: String
        package var headers: [(name: String, value: String)]
        package var body: [UInt8]
        package var receivedAt: Date
        /// The client's port: requests on one kept-alive connection share it.
        package var clientPort: Int? = nil

        package func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        package var bodyString: String { String(decoding: body, as: UTF8.self) }

        /// The body parsed as a JSON object.
        package var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        }
    }

    /// How to answer a request.
    package indirect enum Reply: Sendable {
        case status(Int, body: String = "", headers: [(String, String)] = [])
        /// Waits, then answers.
        case delayed(Double, Reply)
        /// Closes the connection without answering.
        case hangUp
        /// Sends the head and then the body in pieces, `interval` seconds apart.
        case slowBody(Int, chunks: [String], interval: Double)
    }

    package typealias Responder = @Sendable (Request) -> Reply

    fileprivate final class Shared: Sendable {
        let state = Mutex(State())
    }

    fileprivate struct State {
        var requests: [Request] = []
        var waiters: [(id: UUID, ready: @Sendable ([Request]) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []
        var responder: Responder = { _ in .status(200, body: "{}") }
        var channel: (any Channel)?
    }

    package let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let shared = Shared()

    /// Starts a receiver on a port the kernel chooses.
    package init() async throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let channel = try await Self.bind(group: group, port: 0, shared: shared)
        port = channel.localAddress?.port ?? 0
    }

    deinit {
        try? group.syncShutdownGracefully()
    }

    /// Sets how requests are answered from now on.
    package func respond(_ responder: @escaping Responder) {
        shared.state.withLock { $0.responder = responder }
    }

    /// Every request received so far.
    package var requests: [Request] { shared.state.withLock { $0.requests } }

    /// Waits until `count` requests have arrived (or `timeout` seconds have passed) and returns
    /// the requests received so far.
    @discardableResult
    package func waitForRequests(_ count: Int, timeout: Double = 10) async -> [Request] {
        await waitUntil(timeout: timeout) { $0.count >= count }
    }

    /// Waits until the requests received satisfy `ready` (or `timeout` seconds have passed) and
    /// returns them.
    @discardableResult
    package func waitUntil(timeout: Double = 10, _ ready: @escaping @Sendable ([Request]) -> Bool) async -> [Request] {
        let id = UUID()
        let timer = Task { [weak self] in
            // Cancelled when the wait ends first: then it must not release anyone.
            guard (try? await Task.sleep(for: .seconds(timeout))) != nil else { return }
            self?.release(id)
        }
        defer { timer.cancel() }
        await withCheckedContinuation { continuation in
            let done = shared.state.withLock { state -> Bool in
                if ready(state.requests) { return true }
                state.waiters.append((id, ready, continuation))
                return false
            }
            if done { continuation.resume() }
        }
        return requests
    }

    /// Ends one wait (its time is up).
    private func release(_ id: UUID) {
        let waiter = shared.state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index).continuation
        }
        waiter?.resume()
    }

    fileprivate static func record(_ request: Request, in shared: Shared) -> Reply {
        let (reply, ready) = shared.state.withLock { state -> (Reply, [CheckedContinuation<Void, Never>]) in
            state.requests.append(request)
            let requests = state.requests
            let released = state.waiters.filter { $0.ready(requests) }.map(\.continuation)
            state.waiters.removeAll { $0.ready(requests) }
            return (state.responder(request), released)
        }
        for continuation in ready { continuation.resume() }
        return reply
    }

    /// A loopback port on which connections are refused (bound, never listening) for as long as
    /// the returned value lives.
    package static func refusingPort() throws -> RefusingPort {
        try RefusingPort()
    }

    private static func bind(group: MultiThreadedEventLoopGroup, port: Int, shared: Shared) async throws -> any Channel {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(ReceiverHandler(received: { request in
                        HTTPReceiver.record(request, in: shared)
                    }))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        shared.state.withLock { $0.channel = channel }
        return channel
    }
}

private final class ReceiverHandler: ChannelInboundHandler, @unchecked Sendable {
    // Unchecked: the handler lives on its channel's event loop, and every access to its stored
    // state happens there (channelRead, and the callbacks scheduled on `context.eventLoop`).
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let received: @Sendable (HTTPReceiver.Request) -> HTTPReceiver.Reply
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(received: @escaping @Sendable (HTTPReceiver.Request) -> HTTPReceiver.Reply) {
        self.received = received
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
                                               receivedAt: Date(), clientPort: context.channel.remoteAddress?.port)
            answer(received(request), keepAlive: head.isKeepAlive, context: context)
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

/// A loopback port where nothing listens and nothing else can listen: connections are refused.
package final class RefusingPort: Sendable {
    package let port: Int
    private let descriptor: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0, named == 0 else {
            close(fd)
            throw FreePort.PortError()
        }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(descriptor)
    }
}
