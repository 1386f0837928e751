import NIOCore
import NIOWebSocket

/// Carries MQTT's byte stream in WebSocket frames once the upgrade is done: binary (and
/// continuation) frames in become bytes for ``MQTTChannelHandler``, bytes out become binary frames,
/// masked as a client's must be. Pings are answered; a close frame is answered and ends the
/// connection; a text frame is a protocol error (MQTT travels in binary frames only).
final class MQTTWebSocketFrameHandler: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = WebSocketFrame

    private var closing = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .binary, .continuation:
            context.fireChannelRead(wrapInboundOut(frame.unmaskedData))
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .pong:
            break
        case .connectionClose:
            close(context: context, code: .normalClosure)
        case .text:
            context.fireErrorCaught(MQTTClientError.protocolViolation("a WebSocket text frame (MQTT needs binary frames)"))
            close(context: context, code: .protocolError)
        default:
            context.fireErrorCaught(MQTTClientError.protocolViolation("an unknown WebSocket frame (opcode \(frame.opcode))"))
            close(context: context, code: .protocolError)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let bytes = unwrapOutboundIn(data)
        let frame = WebSocketFrame(fin: true, opcode: .binary, maskKey: .random(), data: bytes)
        context.write(wrapOutboundOut(frame), promise: promise)
    }

    /// Sends a close frame (once) and closes the connection after it.
    private func close(context: ChannelHandlerContext, code: WebSocketErrorCode) {
        guard !closing else { return }
        closing = true
        var data = context.channel.allocator.buffer(capacity: 2)
        data.write(webSocketErrorCode: code)
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: data)
        context.writeAndFlush(wrapOutboundOut(frame)).whenComplete { [channel = context.channel] _ in
            channel.close(promise: nil)
        }
    }
}
