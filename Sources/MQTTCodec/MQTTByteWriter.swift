/// Appends MQTT data representations to a byte array.
struct MQTTByteWriter {
    var bytes: [UInt8] = []
    let packetType: MQTTPacketType

    init(packetType: MQTTPacketType, capacity: Int = 64) {
        self.packetType = packetType
        bytes.reserveCapacity(capacity)
    }

    mutating func writeByte(_ value: UInt8) { bytes.append(value) }

    mutating func writeUInt16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func writeUInt32(_ value: UInt32) {
        bytes.append(UInt8(value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func writeVariableInteger(_ value: Int, _ field: String) throws(MQTTCodecError) {
        guard value >= 0, value <= MQTTByteWriter.maximumVariableInteger else {
            throw .invalidValue(packetType, field: field, reason: "\(value) does not fit a variable byte integer")
        }
        MQTTByteWriter.appendVariableInteger(value, to: &bytes)
    }

    mutating func writeBinary(_ value: [UInt8], _ field: String) throws(MQTTCodecError) {
        guard value.count <= Int(UInt16.max) else {
            throw .fieldTooLong(packetType, field: field, length: value.count)
        }
        writeUInt16(UInt16(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func writeString(_ value: String, _ field: String) throws(MQTTCodecError) {
        let utf8 = value.utf8
        guard utf8.count <= Int(UInt16.max) else {
            throw .fieldTooLong(packetType, field: field, length: utf8.count)
        }
        if utf8.contains(0) { throw .invalidUTF8(packetType, field: field) }
        writeUInt16(UInt16(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func writeBytes(_ value: [UInt8]) { bytes.append(contentsOf: value) }

    static let maximumVariableInteger = 268_435_455

    static func appendVariableInteger(_ value: Int, to bytes: inout [UInt8]) {
        var remaining = value
        repeat {
            var byte = UInt8(remaining & 0x7F)
            remaining >>= 7
            if remaining > 0 { byte |= 0x80 }
            bytes.append(byte)
        } while remaining > 0
    }

    static func variableIntegerSize(_ value: Int) -> Int {
        switch value {
        case ..<128: return 1
        case ..<16_384: return 2
        case ..<2_097_152: return 3
        default: return 4
        }
    }
}
