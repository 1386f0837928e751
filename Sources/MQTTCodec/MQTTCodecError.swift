/// Why bytes could not be decoded into a packet, or a packet could not be encoded.
///
/// Every case names the packet type (when known) so that a log line says what went wrong where.
public enum MQTTCodecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The remaining-length field used more than four bytes.
    case malformedRemainingLength
    /// The packet is larger than the negotiated maximum packet size.
    case packetTooLarge(size: Int, maximum: Int)
    /// The type nibble is 0 (reserved), or the type is not valid for the protocol version.
    case invalidPacketType(UInt8)
    /// The fixed-header flags are not the ones the packet type requires.
    case invalidFlags(MQTTPacketType, flags: UInt8)
    /// The packet ended before a field was complete.
    case truncated(MQTTPacketType, field: String)
    /// Bytes were left after the last field of the packet.
    case trailingBytes(MQTTPacketType, count: Int)
    /// A string field is not well-formed UTF-8 or contains U+0000.
    case invalidUTF8(MQTTPacketType, field: String)
    /// A topic name or filter breaks the topic rules.
    case invalidTopic(MQTTPacketType, topic: String, reason: String)
    /// A field holds a value the protocol forbids.
    case invalidValue(MQTTPacketType, field: String, reason: String)
    /// An MQTT 5 property identifier is unknown or not allowed in this packet.
    case invalidProperty(MQTTPacketType, identifier: UInt8)
    /// CONNECT named a protocol this codec does not speak.
    case unsupportedProtocol(name: String, level: UInt8)
    /// A field is too long to encode (strings and binary data are limited to 65,535 bytes).
    case fieldTooLong(MQTTPacketType, field: String, length: Int)

    public var description: String {
        switch self {
        case .malformedRemainingLength:
            return "malformed remaining length: more than 4 bytes"
        case .packetTooLarge(let size, let maximum):
            return "packet of \(size) bytes exceeds the maximum packet size of \(maximum) bytes"
        case .invalidPacketType(let raw):
            return "invalid packet type \(raw)"
        case .invalidFlags(let type, let flags):
            return "\(type): invalid fixed-header flags 0b\(String(flags, radix: 2))"
        case .truncated(let type, let field):
            return "\(type): truncated while reading \(field)"
        case .trailingBytes(let type, let count):
            return "\(type): \(count) unexpected trailing bytes"
        case .invalidUTF8(let type, let field):
            return "\(type): \(field) is not valid UTF-8 (or contains U+0000)"
        case .invalidTopic(let type, let topic, let reason):
            return "\(type): invalid topic '\(topic)': \(reason)"
        case .invalidValue(let type, let field, let reason):
            return "\(type): invalid \(field): \(reason)"
        case .invalidProperty(let type, let identifier):
            return "\(type): property 0x\(String(identifier, radix: 16)) is unknown or not allowed here"
        case .unsupportedProtocol(let name, let level):
            return "CONNECT: unsupported protocol '\(name)' level \(level)"
        case .fieldTooLong(let type, let field, let length):
            return "\(type): \(field) of \(length) bytes is longer than 65535"
        }
    }
}
