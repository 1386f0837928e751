/// Splits a byte stream into packets: feed it bytes as they arrive, take packets as they complete.
///
/// After an error the stream is out of step and the decoder must be discarded (the connection closed).
public struct MQTTStreamDecoder: Sendable {
    public var decoder: MQTTPacketDecoder
    private var buffer: [UInt8] = []
    private var start = 0

    public init(decoder: MQTTPacketDecoder) { self.decoder = decoder }

    /// Bytes received but not yet part of a complete packet.
    public var bufferedByteCount: Int { buffer.count - start }

    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete packet, or `nil` when more bytes are needed.
    public mutating func next() throws(MQTTCodecError) -> MQTTPacket? {
        guard let header = try MQTTFrameHeader.parse(buffer[start...], maximumPacketSize: decoder.maximumPacketSize),
              header.packetLength <= bufferedByteCount
        else { return nil }
        let frame = Array(buffer[start..<(start + header.packetLength)])
        start += header.packetLength
        return try decoder.decode(header: header, frame: frame)
    }
}
