import MQTTCodec
import NIOCore

/// Splits the inbound byte stream into MQTT packets with the pure codec.
struct MQTTPacketByteDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = MQTTPacket
    let decoder: MQTTPacketDecoder

    mutating func decode(buffer: inout ByteBuffer) throws -> MQTTPacket? {
        let header: MQTTFrameHeader?
        do {
            header = try MQTTFrameHeader.parse(buffer.readableBytesView, maximumPacketSize: decoder.maximumPacketSize)
        } catch {
            throw MQTTClientError.malformedPacket(error)
        }
        guard let header, buffer.readableBytes >= header.packetLength else { return nil }
        let decoder = self.decoder
        let result = buffer.withUnsafeReadableBytes { bytes in
            Result { () throws(MQTTCodecError) in
                try decoder.decode(header: header, bytes: UnsafeRawBufferPointer(rebasing: bytes[..<header.packetLength]))
            }
        }
        buffer.moveReaderIndex(forwardBy: header.packetLength)
        do {
            return try result.get()
        } catch {
            throw MQTTClientError.malformedPacket(error)
        }
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> MQTTPacket? {
        try decode(buffer: &buffer)
    }
}

/// Connects one channel to the client core: packets in, reads paused while the application is behind,
/// idle events turned into keep-alive pings.
final class MQTTChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = MQTTPacket
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let core: MQTTClientCore
    private var context: ChannelHandlerContext?
    private var readPending = false

    init(core: MQTTClientCore) { self.core = core }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        core.received(unwrapInboundIn(data), on: context.channel)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        core.readComplete(on: context.channel)
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        core.channelInactive(context.channel)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        core.channelError(error, on: context.channel)
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            core.connectionIdle(context.channel)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
    }

    /// Holds reads back while the application's buffer is full: the broker then slows down instead
    /// of pdm dropping data.
    func read(context: ChannelHandlerContext) {
        if core.wantsMoreMessages {
            context.read()
        } else {
            readPending = true
        }
    }

    /// Issues the read held back by `read(context:)`, if any.
    func resumeReading() {
        guard readPending, let context else { return }
        readPending = false
        context.read()
    }
}
