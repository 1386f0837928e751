extension MQTTProperties {
    /// Reads a property length and the properties it covers.
    static func read(from reader: inout MQTTByteReader) throws(MQTTCodecError) -> MQTTProperties {
        let length = try reader.readVariableInteger("property length")
        guard length <= reader.remaining else { throw .truncated(reader.packetType, field: "properties") }
        let stop = reader.index + length
        var items: [MQTTProperty] = []
        while reader.index < stop {
            let id = try reader.readByte("property identifier")
            items.append(try readValue(identifier: id, from: &reader))
        }
        guard reader.index == stop else { throw .truncated(reader.packetType, field: "properties") }
        return MQTTProperties(items)
    }

    private static func readValue(
        identifier: UInt8, from r: inout MQTTByteReader
    ) throws(MQTTCodecError) -> MQTTProperty {
        switch identifier {
        case 0x01: return .payloadFormatIndicator(try r.readByte("payload format indicator"))
        case 0x02: return .messageExpiryInterval(try r.readUInt32("message expiry interval"))
        case 0x03: return .contentType(try r.readString("content type"))
        case 0x08: return .responseTopic(try r.readString("response topic"))
        case 0x09: return .correlationData(try r.readBinary("correlation data"))
        case 0x0B:
            let id = try r.readVariableInteger("subscription identifier")
            guard id > 0 else {
                throw .invalidValue(r.packetType, field: "subscription identifier", reason: "must not be 0")
            }
            return .subscriptionIdentifier(id)
        case 0x11: return .sessionExpiryInterval(try r.readUInt32("session expiry interval"))
        case 0x12: return .assignedClientIdentifier(try r.readString("assigned client identifier"))
        case 0x13: return .serverKeepAlive(try r.readUInt16("server keep alive"))
        case 0x15: return .authenticationMethod(try r.readString("authentication method"))
        case 0x16: return .authenticationData(try r.readBinary("authentication data"))
        case 0x17: return .requestProblemInformation(try r.readByte("request problem information"))
        case 0x18: return .willDelayInterval(try r.readUInt32("will delay interval"))
        case 0x19: return .requestResponseInformation(try r.readByte("request response information"))
        case 0x1A: return .responseInformation(try r.readString("response information"))
        case 0x1C: return .serverReference(try r.readString("server reference"))
        case 0x1F: return .reasonString(try r.readString("reason string"))
        case 0x21:
            let value = try r.readUInt16("receive maximum")
            guard value > 0 else {
                throw .invalidValue(r.packetType, field: "receive maximum", reason: "must not be 0")
            }
            return .receiveMaximum(value)
        case 0x22: return .topicAliasMaximum(try r.readUInt16("topic alias maximum"))
        case 0x23: return .topicAlias(try r.readUInt16("topic alias"))
        case 0x24: return .maximumQoS(try r.readByte("maximum QoS"))
        case 0x25: return .retainAvailable(try r.readByte("retain available"))
        case 0x26:
            let name = try r.readString("user property name")
            return .userProperty(name, try r.readString("user property value"))
        case 0x27:
            let value = try r.readUInt32("maximum packet size")
            guard value > 0 else {
                throw .invalidValue(r.packetType, field: "maximum packet size", reason: "must not be 0")
            }
            return .maximumPacketSize(value)
        case 0x28: return .wildcardSubscriptionAvailable(try r.readByte("wildcard subscription available"))
        case 0x29: return .subscriptionIdentifierAvailable(try r.readByte("subscription identifier available"))
        case 0x2A: return .sharedSubscriptionAvailable(try r.readByte("shared subscription available"))
        default: throw .invalidProperty(r.packetType, identifier: identifier)
        }
    }

    /// Writes the property length and the properties.
    func write(to writer: inout MQTTByteWriter) throws(MQTTCodecError) {
        var body = MQTTByteWriter(packetType: writer.packetType)
        for item in items {
            body.writeByte(item.identifier)
            switch item {
            case .payloadFormatIndicator(let v), .requestProblemInformation(let v),
                .requestResponseInformation(let v), .maximumQoS(let v), .retainAvailable(let v),
                .wildcardSubscriptionAvailable(let v), .subscriptionIdentifierAvailable(let v),
                .sharedSubscriptionAvailable(let v):
                body.writeByte(v)
            case .messageExpiryInterval(let v), .sessionExpiryInterval(let v), .willDelayInterval(let v),
                .maximumPacketSize(let v):
                body.writeUInt32(v)
            case .serverKeepAlive(let v), .receiveMaximum(let v), .topicAliasMaximum(let v), .topicAlias(let v):
                body.writeUInt16(v)
            case .contentType(let s), .responseTopic(let s), .assignedClientIdentifier(let s),
                .authenticationMethod(let s), .responseInformation(let s), .serverReference(let s),
                .reasonString(let s):
                try body.writeString(s, "property 0x\(String(item.identifier, radix: 16))")
            case .correlationData(let b), .authenticationData(let b):
                try body.writeBinary(b, "property 0x\(String(item.identifier, radix: 16))")
            case .subscriptionIdentifier(let v):
                try body.writeVariableInteger(v, "subscription identifier")
            case .userProperty(let name, let value):
                try body.writeString(name, "user property name")
                try body.writeString(value, "user property value")
            }
        }
        try writer.writeVariableInteger(body.bytes.count, "property length")
        writer.writeBytes(body.bytes)
    }
}
