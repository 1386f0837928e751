/// The fixed header of a packet: type and flags byte, and the remaining length.
public struct MQTTFrameHeader: Sendable, Hashable {
    /// The first byte: type in the high nibble, flags in the low nibble.
    public var typeAndFlags: UInt8
    /// Length of the variable header and payload.
    public var remainingLength: Int
    /// Length of the fixed header itself (2 to 5 bytes).
    public var headerLength: Int

    /// Header plus body.
    public var packetLength: Int { headerLength + remainingLength }

    public init(typeAndFlags: UInt8, remainingLength: Int, headerLength: Int) {
        self.typeAndFlags = typeAndFlags
        self.remainingLength = remainingLength
        self.headerLength = headerLength
    }

    /// Reads a fixed header from the start of `bytes`.
    ///
    /// - Returns: `nil` when more bytes are needed to know the length.
    /// - Throws: ``MQTTCodecError/malformedRemainingLength`` after four continuation bytes, and
    ///   ``MQTTCodecError/packetTooLarge(size:maximum:)`` as soon as the announced size exceeds the maximum,
    ///   so an oversized packet is refused before its body is buffered.
    @inlinable
    public static func parse<Bytes: Collection>(_ bytes: Bytes, maximumPacketSize: Int) throws(MQTTCodecError)
        -> MQTTFrameHeader? where Bytes.Element == UInt8
    {
        var iterator = bytes.makeIterator()
        guard let first = iterator.next() else { return nil }
        var value = 0
        var multiplier = 1
        for count in 1...4 {
            guard let byte = iterator.next() else { return nil }
            value += Int(byte & 0x7F) * multiplier
            if byte & 0x80 == 0 {
                let header = MQTTFrameHeader(typeAndFlags: first, remainingLength: value, headerLength: 1 + count)
                guard header.packetLength <= maximumPacketSize else {
                    throw .packetTooLarge(size: header.packetLength, maximum: maximumPacketSize)
                }
                return header
            }
            multiplier *= 128
        }
        throw .malformedRemainingLength
    }
}
