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

/// Connects one channel to the client core: bytes in, split into packets with the pure codec and
/// handed to the core directly (no per-packet trip through the pipeline), reads paused while the
/// application is behind, idle events turned into keep-alive pings.
final class MQTTChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let core: MQTTClientCore
    private let decoder: MQTTPacketDecoder
    /// Bytes received and not yet decoded (a partial packet).
    private var pending: ByteBuffer?
    private var failed = false
    private var context: ChannelHandlerContext?
    private var readPending = false

    init(core: MQTTClientCore, decoder: MQTTPacketDecoder) {
        self.core = core
        self.decoder = decoder
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        var buffer = unwrapInboundIn(data)
        if var earlier = pending {
            pending = nil
            earlier.writeBuffer(&buffer)
            buffer = earlier
        }
        let channel = context.channel
        let result = buffer.withUnsafeReadableBytes { bytes in
            Result { () throws(MQTTClientError) in try decodePackets(in: bytes, from: channel) }
        }
        switch result {
        case .success(let consumed):
            buffer.moveReaderIndex(forwardBy: consumed)
        case .failure(let error):
            failed = true
            core.channelError(error, on: channel)
            context.close(promise: nil)
            return
        }
        if buffer.readableBytes > 0 {
            buffer.discardReadBytes()
            pending = buffer
        }
    }

    /// Hands the complete packets at the start of `bytes` to the core, in order, and returns how
    /// many bytes they took. A QoS 0 PUBLISH, the bulk of the traffic, becomes a message straight
    /// from the receive buffer: there is nothing for the session to track or acknowledge. Every
    /// other packet goes through the session.
    private func decodePackets(in bytes: UnsafeRawBufferPointer, from channel: any Channel) throws(MQTTClientError) -> Int {
        let decoder = self.decoder
        var offset = 0
        // Re-read after each packet that went through the session, which may have ended the session.
        var delivering = core.deliversMessages(from: channel)
        while offset < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
            let header: MQTTFrameHeader
            do {
                guard let parsed = try MQTTFrameHeader.parse(rest, maximumPacketSize: decoder.maximumPacketSize),
                      parsed.packetLength <= rest.count
                else { break }
                header = parsed
                let frame = UnsafeRawBufferPointer(rebasing: rest[..<header.packetLength])
                // PUBLISH (type 3) at QoS 0 (flag bits 1 and 2 clear); retain and dup are the decoder's.
                if delivering && header.typeAndFlags & 0xF6 == 0x30 {
                    core.deliver(try decoder.decodePublish(header: header, bytes: frame))
                } else {
                    core.received(try decoder.decode(header: header, bytes: frame), on: channel)
                    delivering = core.deliversMessages(from: channel)
                }
            } catch {
                throw .malformedPacket(error)
            }
            offset += header.packetLength
        }
        return offset
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
