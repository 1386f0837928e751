import NIOCore
import NIOHTTP1

/// The first handler of every HTTP connection, on its bytes: closes a connection that has not sent
/// a complete request head (`\r\n\r\n`) within the time allowed, with 408, and writes the raw
/// answers ``ParseErrorResponder`` asks for. After the first head, idle connections are closed by
/// the server's own idle timeout.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let headDeadline: TimeAmount
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?
    /// Whether the first request head is complete; the last bytes read before it, to find its end
    /// across reads.
    private var headComplete = false
    private var tail: [UInt8] = []
    private var rejected = false

    init(headDeadline: TimeAmount) {
        self.headDeadline = headDeadline
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { arm(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !headComplete {
            let buffer = unwrapInboundIn(data)
            tail += buffer.readableBytesView
            if tail.count > 4 { tail.removeFirst(tail.count - 4) }
            if buffer.readableBytesView.firstRange(of: [13, 10, 13, 10]) != nil || tail.ends(with: [13, 10, 13, 10]) {
                headComplete = true
                timer?.cancel()
                tail = []
            }
        }
        guard !rejected else { return }
        context.fireChannelRead(data)
    }

    private func arm(_ context: ChannelHandlerContext) {
        guard timer == nil, !headComplete else { return }
        // The timer fires on the connection's event loop, where this handler lives.
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: headDeadline) {
            guard !handler.value.headComplete else { return }
            handler.value.reject(status: "408 Request Timeout")
        }
    }

    /// Answers `status` with a bare response and closes the connection (on the event loop).
    func reject(status: String) {
        guard let context, !rejected else { return }
        rejected = true
        timer?.cancel()
        let answer = "HTTP/1.1 \(status)\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: answer))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}

/// The last handler of the connection's pipeline: an HTTP parse error is answered 431 when the
/// request head is too large and 400 otherwise, through ``ConnectionGuard``, and the connection is
/// closed. Everything else passes through untouched.
final class ParseErrorResponder: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let connectionGuard: ConnectionGuard

    init(_ connectionGuard: ConnectionGuard) {
        self.connectionGuard = connectionGuard
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parse = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        switch parse {
        case .headerOverflow: connectionGuard.reject(status: "431 Request Header Fields Too Large")
        default: connectionGuard.reject(status: "400 Bad Request")
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
