/// Encodes MQTT packets to bytes for one protocol version.
public struct MQTTPacketEncoder: Sendable {
    public var version: MQTTProtocolVersion
    /// The peer's maximum packet size; larger packets are refused with ``MQTTCodecError/packetTooLarge(size:maximum:)``.
    public var maximumPacketSize: Int

    public init(version: MQTTProtocolVersion, maximumPacketSize: Int = MQTTPacketDecoder.protocolMaximumPacketSize) {
        self.version = version
        self.maximumPacketSize = maximumPacketSize
    }

    /// The bytes of `packet`, fixed header included.
    public func encode(_ packet: MQTTPacket) throws(MQTTCodecError) -> [UInt8] {
        var out: [UInt8] = []
        try encode(packet, into: &out)
        return out
    }

    /// Appends the bytes of `packet` to `out`.
    public func encode(_ packet: MQTTPacket, into out: inout [UInt8]) throws(MQTTCodecError) {
        let type = packet.type
        if type == .auth && version == .v3_1_1 { throw .invalidPacketType(type.rawValue) }
        var flags = type.requiredFlags
        var body = MQTTByteWriter(packetType: type)
        switch packet {
        case .connect(let connect): try encodeConnect(connect, into: &body)
        case .connAck(let ack):
            body.writeByte(ack.sessionPresent ? 1 : 0)
            body.writeByte(ack.reasonCode.rawValue)
            if version == .v5 { try ack.properties.write(to: &body) }
        case .publish(let publish):
            flags = try encodePublish(publish, into: &body)
        case .pubAck(let ack), .pubRec(let ack), .pubRel(let ack), .pubComp(let ack):
            try encodeAcknowledgement(ack, into: &body)
        case .subscribe(let subscribe):
            try writePacketIdentifier(subscribe.packetIdentifier, into: &body)
            if version == .v5 { try subscribe.properties.write(to: &body) }
            guard !subscribe.subscriptions.isEmpty else {
                throw .invalidValue(.subscribe, field: "subscriptions", reason: "at least one topic filter is required")
            }
            for subscription in subscribe.subscriptions {
                try MQTTTopicFilter.validateFilter(subscription.topicFilter, packetType: .subscribe)
                try body.writeString(subscription.topicFilter, "topic filter")
                var options = subscription.qos.rawValue
                if version == .v5 {
                    if subscription.noLocal { options |= 0x04 }
                    if subscription.retainAsPublished { options |= 0x08 }
                    options |= subscription.retainHandling.rawValue << 4
                }
                body.writeByte(options)
            }
        case .subAck(let ack):
            try writePacketIdentifier(ack.packetIdentifier, into: &body)
            if version == .v5 { try ack.properties.write(to: &body) }
            for code in ack.reasonCodes { body.writeByte(code.rawValue) }
        case .unsubscribe(let unsubscribe):
            try writePacketIdentifier(unsubscribe.packetIdentifier, into: &body)
            if version == .v5 { try unsubscribe.properties.write(to: &body) }
            guard !unsubscribe.topicFilters.isEmpty else {
                throw .invalidValue(.unsubscribe, field: "topic filters", reason: "at least one topic filter is required")
            }
            for filter in unsubscribe.topicFilters {
                try MQTTTopicFilter.validateFilter(filter, packetType: .unsubscribe)
                try body.writeString(filter, "topic filter")
            }
        case .unsubAck(let ack):
            try writePacketIdentifier(ack.packetIdentifier, into: &body)
            if version == .v5 {
                try ack.properties.write(to: &body)
                for code in ack.reasonCodes { body.writeByte(code.rawValue) }
            }
        case .pingReq, .pingResp:
            break
        case .disconnect(let disconnect), .auth(let disconnect):
            if version == .v5 && (disconnect.reasonCode != .success || !disconnect.properties.isEmpty || type == .auth) {
                body.writeByte(disconnect.reasonCode.rawValue)
                try disconnect.properties.write(to: &body)
            }
        }
        let remaining = body.bytes.count
        let size = 1 + MQTTByteWriter.variableIntegerSize(remaining) + remaining
        guard remaining <= MQTTByteWriter.maximumVariableInteger, size <= maximumPacketSize else {
            throw .packetTooLarge(size: size, maximum: maximumPacketSize)
        }
        out.reserveCapacity(out.count + size)
        out.append(type.rawValue << 4 | flags)
        MQTTByteWriter.appendVariableInteger(remaining, to: &out)
        out.append(contentsOf: body.bytes)
    }

    private func encodeConnect(_ connect: MQTTConnect, into body: inout MQTTByteWriter) throws(MQTTCodecError) {
        try body.writeString("MQTT", "protocol name")
        body.writeByte(connect.version.rawValue)
        var flags: UInt8 = 0
        if connect.cleanStart { flags |= 0x02 }
        if let will = connect.will {
            flags |= 0x04 | will.qos.rawValue << 3
            if will.retain { flags |= 0x20 }
        }
        if connect.password != nil {
            if connect.version == .v3_1_1 && connect.username == nil {
                throw .invalidValue(.connect, field: "password", reason: "MQTT 3.1.1 needs a user name with a password")
            }
            flags |= 0x40
        }
        if connect.username != nil { flags |= 0x80 }
        body.writeByte(flags)
        body.writeUInt16(connect.keepAlive)
        if connect.version == .v5 { try connect.properties.write(to: &body) }
        try body.writeString(connect.clientIdentifier, "client identifier")
        if let will = connect.will {
            if connect.version == .v5 { try will.properties.write(to: &body) }
            try MQTTTopicFilter.validateName(will.topic, packetType: .connect)
            try body.writeString(will.topic, "will topic")
            try body.writeBinary(will.payload, "will payload")
        }
        if let username = connect.username { try body.writeString(username, "user name") }
        if let password = connect.password { try body.writeBinary(password, "password") }
    }

    private func encodePublish(_ publish: MQTTPublish, into body: inout MQTTByteWriter) throws(MQTTCodecError) -> UInt8 {
        try MQTTTopicFilter.validateName(publish.topic, packetType: .publish,
                                          allowEmpty: version == .v5 && publish.properties.topicAlias != nil)
        if publish.qos == .atMostOnce && (publish.dup || publish.packetIdentifier != nil) {
            throw .invalidValue(.publish, field: "QoS 0 publish", reason: "carries a DUP flag or packet identifier")
        }
        var flags = publish.qos.rawValue << 1
        if publish.dup { flags |= 0x08 }
        if publish.retain { flags |= 0x01 }
        body.bytes.reserveCapacity(publish.topic.utf8.count + publish.payload.count + 8)
        try body.writeString(publish.topic, "topic name")
        if publish.qos != .atMostOnce {
            guard let id = publish.packetIdentifier else {
                throw .invalidValue(.publish, field: "packet identifier", reason: "QoS \(publish.qos.rawValue) needs one")
            }
            try writePacketIdentifier(id, into: &body)
        }
        if version == .v5 { try publish.properties.write(to: &body) }
        body.writeBytes(publish.payload)
        return flags
    }

    private func encodeAcknowledgement(_ ack: MQTTAcknowledgement, into body: inout MQTTByteWriter) throws(MQTTCodecError) {
        try writePacketIdentifier(ack.packetIdentifier, into: &body)
        guard version == .v5 else { return }
        if ack.reasonCode != .success || !ack.properties.isEmpty {
            body.writeByte(ack.reasonCode.rawValue)
            if !ack.properties.isEmpty { try ack.properties.write(to: &body) }
        }
    }

    private func writePacketIdentifier(_ id: UInt16, into body: inout MQTTByteWriter) throws(MQTTCodecError) {
        guard id != 0 else { throw .invalidValue(body.packetType, field: "packet identifier", reason: "must not be 0") }
        body.writeUInt16(id)
    }
}
