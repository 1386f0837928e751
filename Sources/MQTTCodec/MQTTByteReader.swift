/// A cursor over the bytes of one packet body; every read checks bounds and names the field it reads.
///
/// It reads memory it does not own: use it only within the scope that lent the bytes.
struct MQTTByteReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var index: Int
    let end: Int
    let packetType: MQTTPacketType

    init(bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, packetType: MQTTPacketType) {
        self.bytes = bytes
        self.index = start
        self.end = end
        self.packetType = packetType
    }

    var remaining: Int { end - index }
    var isAtEnd: Bool { index >= end }

    mutating func readByte(_ field: String) throws(MQTTCodecError) -> UInt8 {
        guard index < end else { throw .truncated(packetType, field: field) }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func readUInt16(_ field: String) throws(MQTTCodecError) -> UInt16 {
        guard remaining >= 2 else { throw .truncated(packetType, field: field) }
        defer { index += 2 }
        return UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
    }

    mutating func readUInt32(_ field: String) throws(MQTTCodecError) -> UInt32 {
        guard remaining >= 4 else { throw .truncated(packetType, field: field) }
        defer { index += 4 }
        return UInt32(bytes[index]) << 24 | UInt32(bytes[index + 1]) << 16
            | UInt32(bytes[index + 2]) << 8 | UInt32(bytes[index + 3])
    }

    /// A variable byte integer (at most four bytes, at most 268,435,455).
    mutating func readVariableInteger(_ field: String) throws(MQTTCodecError) -> Int {
        var value = 0
        var multiplier = 1
        for _ in 0..<4 {
            let byte = try readByte(field)
            value += Int(byte & 0x7F) * multiplier
            if byte & 0x80 == 0 { return value }
            multiplier *= 128
        }
        throw .invalidValue(packetType, field: field, reason: "variable byte integer longer than 4 bytes")
    }

    mutating func readBytes(count: Int, _ field: String) throws(MQTTCodecError) -> [UInt8] {
        guard count >= 0, remaining >= count else { throw .truncated(packetType, field: field) }
        defer { index += count }
        return Array(bytes[index..<(index + count)])
    }

    /// Two-byte length followed by that many bytes.
    mutating func readBinary(_ field: String) throws(MQTTCodecError) -> [UInt8] {
        let count = Int(try readUInt16(field))
        return try readBytes(count: count, field)
    }

    /// Two-byte length followed by well-formed UTF-8 without U+0000.
    mutating func readString(_ field: String) throws(MQTTCodecError) -> String {
        let count = Int(try readUInt16(field))
        guard remaining >= count else { throw .truncated(packetType, field: field) }
        defer { index += count }
        return try MQTTByteReader.decodeUTF8(UnsafeRawBufferPointer(rebasing: bytes[index..<(index + count)]),
                                             packetType: packetType, field: field)
    }

    static func decodeUTF8(
        _ slice: UnsafeRawBufferPointer, packetType: MQTTPacketType, field: String
    ) throws(MQTTCodecError) -> String {
        if slice.contains(0) { throw .invalidUTF8(packetType, field: field) }
        guard let string = String(validating: slice, as: UTF8.self) else {
            throw .invalidUTF8(packetType, field: field)
        }
        return string
    }
}
