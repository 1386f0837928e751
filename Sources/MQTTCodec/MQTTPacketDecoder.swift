/// Decodes complete MQTT packets from bytes. Pure and allocation-light; safe on any input.
///
/// Every malformed input throws an ``MQTTCodecError``; nothing traps and nothing loops on bad data.
public struct MQTTPacketDecoder: Sendable {
    /// The protocol version that decides the layout of every packet but CONNECT.
    public var version: MQTTProtocolVersion
    /// Packets longer than this are refused from their fixed header on.
    public var maximumPacketSize: Int

    /// The largest size the remaining-length field can express, plus the largest fixed header.
    public static let protocolMaximumPacketSize = 268_435_455 + 5

    public init(version: MQTTProtocolVersion, maximumPacketSize: Int = MQTTPacketDecoder.protocolMaximumPacketSize) {
        self.version = version
        self.maximumPacketSize = maximumPacketSize
    }

    /// Decodes one packet whose bytes (fixed header included) are exactly `frame`.
    public func decode(frame: [UInt8]) throws(MQTTCodecError) -> MQTTPacket {
        guard let header = try MQTTFrameHeader.parse(frame, maximumPacketSize: maximumPacketSize) else {
            throw .truncated(.connect, field: "fixed header")
        }
        guard header.packetLength == frame.count else {
            if header.packetLength > frame.count {
                let type = MQTTPacketType(rawValue: header.typeAndFlags >> 4) ?? .connect
                throw .truncated(type, field: "packet body")
            }
            let type = MQTTPacketType(rawValue: header.typeAndFlags >> 4) ?? .connect
            throw .trailingBytes(type, count: frame.count - header.packetLength)
        }
        return try decode(header: header, frame: frame)
    }

    /// Decodes a packet whose fixed header has already been parsed by ``MQTTFrameHeader/parse(_:maximumPacketSize:)``;
    /// `frame` holds at least `header.packetLength` bytes, the packet's first byte at index 0.
    public func decode(header: MQTTFrameHeader, frame: [UInt8]) throws(MQTTCodecError) -> MQTTPacket {
        let result = frame.withUnsafeBytes { bytes in
            Result { () throws(MQTTCodecError) in try decode(header: header, bytes: bytes) }
        }
        return try result.get()
    }

    /// As ``decode(header:frame:)``, reading the packet in place from memory the caller lends for the
    /// duration of the call (a receive buffer): only the payload and strings are copied out.
    public func decode(header: MQTTFrameHeader, bytes frame: UnsafeRawBufferPointer) throws(MQTTCodecError)
        -> MQTTPacket
    {
        guard frame.count >= header.packetLength else {
            throw .truncated(MQTTPacketType(rawValue: header.typeAndFlags >> 4) ?? .connect, field: "packet body")
        }
        let rawType = header.typeAndFlags >> 4
        let flags = header.typeAndFlags & 0x0F
        guard let type = MQTTPacketType(rawValue: rawType), type != .auth || version == .v5 else {
            throw .invalidPacketType(rawType)
        }
        if type != .publish && flags != type.requiredFlags {
            throw .invalidFlags(type, flags: flags)
        }
        var reader = MQTTByteReader(bytes: frame, from: header.headerLength, to: header.packetLength, packetType: type)
        let packet: MQTTPacket
        switch type {
        case .connect: packet = .connect(try decodeConnect(&reader))
        case .connAck: packet = .connAck(try decodeConnAck(&reader))
        case .publish: packet = .publish(try decodePublish(&reader, flags: flags))
        case .pubAck: packet = .pubAck(try decodeAcknowledgement(&reader))
        case .pubRec: packet = .pubRec(try decodeAcknowledgement(&reader))
        case .pubRel: packet = .pubRel(try decodeAcknowledgement(&reader))
        case .pubComp: packet = .pubComp(try decodeAcknowledgement(&reader))
        case .subscribe: packet = .subscribe(try decodeSubscribe(&reader))
        case .subAck: packet = .subAck(try decodeSubAck(&reader))
        case .unsubscribe: packet = .unsubscribe(try decodeUnsubscribe(&reader))
        case .unsubAck: packet = .unsubAck(try decodeUnsubAck(&reader))
        case .pingReq: packet = .pingReq
        case .pingResp: packet = .pingResp
        case .disconnect: packet = .disconnect(try decodeDisconnect(&reader))
        case .auth: packet = .auth(try decodeDisconnect(&reader))
        }
        guard reader.isAtEnd else { throw .trailingBytes(type, count: reader.remaining) }
        return packet
    }

    /// As ``decode(header:bytes:)`` for a packet whose fixed header says PUBLISH, returning the
    /// publication without the ``MQTTPacket`` around it: a receiver's hot path takes messages this
    /// way, straight from its receive buffer. The checks are those of ``decode(header:bytes:)``.
    public func decodePublish(header: MQTTFrameHeader, bytes frame: UnsafeRawBufferPointer) throws(MQTTCodecError)
        -> MQTTPublish
    {
        guard header.typeAndFlags >> 4 == MQTTPacketType.publish.rawValue else {
            throw .invalidPacketType(header.typeAndFlags >> 4)
        }
        guard frame.count >= header.packetLength else { throw .truncated(.publish, field: "packet body") }
        var reader = MQTTByteReader(bytes: frame, from: header.headerLength, to: header.packetLength, packetType: .publish)
        return try decodePublish(&reader, flags: header.typeAndFlags & 0x0F)
    }

    private func decodeConnect(_ r: inout MQTTByteReader) throws(MQTTCodecError) -> MQTTConnect {
        let name = try r.readString("protocol name")
        let level = try r.readByte("protocol level")
        guard name == "MQTT", let version = MQTTProtocolVersion(rawValue: level) else {
            throw .unsupportedProtocol(name: name, level: level)
        }
        let flags = try r.readByte("connect flags")
        guard flags & 0x01 == 0 else {
            throw .invalidValue(.connect, field: "connect flags", reason: "reserved bit is set")
        }
        let hasWill = flags & 0x04 != 0
        let willQoSRaw = (flags >> 3) & 0x03
        let willRetain = flags & 0x20 != 0
        let hasPassword = flags & 0x40 != 0
        let hasUsername = flags & 0x80 != 0
        guard let willQoS = MQTTQoS(rawValue: willQoSRaw) else {
            throw .invalidValue(.connect, field: "will QoS", reason: "QoS 3 does not exist")
        }
        if !hasWill && (willQoSRaw != 0 || willRetain) {
            throw .invalidValue(.connect, field: "connect flags", reason: "will QoS/retain set without a will")
        }
        if version == .v3_1_1 && hasPassword && !hasUsername {
            throw .invalidValue(.connect, field: "connect flags", reason: "password without user name")
        }
        let keepAlive = try r.readUInt16("keep alive")
        let properties = version == .v5 ? try MQTTProperties.read(from: &r) : MQTTProperties()
        let clientIdentifier = try r.readString("client identifier")
        var will: MQTTWill?
        if hasWill {
            let willProperties = version == .v5 ? try MQTTProperties.read(from: &r) : MQTTProperties()
            let topic = try r.readString("will topic")
            try MQTTTopicFilter.validateName(topic, packetType: .connect)
            let payload = try r.readBinary("will payload")
            will = MQTTWill(topic: topic, payload: payload, qos: willQoS, retain: willRetain, properties: willProperties)
        }
        let username = hasUsername ? try r.readString("user name") : nil
        let password = hasPassword ? try r.readBinary("password") : nil
        return MQTTConnect(version: version, clientIdentifier: clientIdentifier, cleanStart: flags & 0x02 != 0,
                           keepAlive: keepAlive, username: username, password: password, will: will,
                           properties: properties)
    }

    private func decodeConnAck(_ r: inout MQTTByteReader) throws(MQTTCodecError) -> MQTTConnAck {
        let flags = try r.readByte("acknowledge flags")
        guard flags & 0xFE == 0 else {
            throw .invalidValue(.connAck, field: "acknowledge flags", reason: "reserved bits are set")
        }
        let code = MQTTReasonCode(try r.readByte("reason code"))
        let properties = version == .v5 ? try MQTTProperties.read(from: &r) : MQTTProperties()
        return MQTTConnAck(sessionPresent: flags & 0x01 != 0, reasonCode: code, properties: properties)
    }

    private func decodePublish(_ r: inout MQTTByteReader, flags: UInt8) throws(MQTTCodecError) -> MQTTPublish {
        guard let qos = MQTTQoS(rawValue: (flags >> 1) & 0x03) else {
            throw .invalidFlags(.publish, flags: flags)
        }
        let dup = flags & 0x08 != 0
        if qos == .atMostOnce && dup { throw .invalidFlags(.publish, flags: flags) }
        let topic = try r.readString("topic name")
        try MQTTTopicFilter.validateName(topic, packetType: .publish, allowEmpty: version == .v5)
        var packetIdentifier: UInt16?
        if qos != .atMostOnce {
            let id = try r.readUInt16("packet identifier")
            guard id != 0 else { throw .invalidValue(.publish, field: "packet identifier", reason: "must not be 0") }
            packetIdentifier = id
        }
        let properties = version == .v5 ? try MQTTProperties.read(from: &r) : MQTTProperties()
        if topic.isEmpty && properties.topicAlias == nil {
            throw .invalidTopic(.publish, topic: topic, reason: "empty topic name without a topic alias")
        }
        let payload = try r.readBytes(count: r.remaining, "payload")
        return MQTTPublish(topic: topic, payload: payload, qos: qos, retain: flags & 0x01 != 0, dup: dup,
                           packetIdentifier: packetIdentifier, properties: properties)
    }

    private func decodeAcknowledgement(_ r: inout MQTTByteReader) throws(MQTTCodecError) -> MQTTAcknowledgement {
        let id = try readPacketIdentifier(&r)
        guard version == .v5 else { return MQTTAcknowledgement(packetIdentifier: id) }
        let code = r.isAtEnd ? MQTTReasonCode.success : MQTTReasonCode(try r.readByte("reason code"))
        let properties = r.isAtEnd ? MQTTProperties() : try MQTTProperties.read(from: &r)
        return MQTTAcknowledgement(packetIdentifier: id, reasonCode: code, properties: properties)
    }

    private func decodeSubscribe(_ r: inout MQTTByteReader) throws(MQTTCodecError) -> MQTTSubscribe {
        let id = try readPacketIdentifier(&r)
        let properties = version == .v5 ? try MQTTProperties.read(from: &r) : MQTTProperties()
        var subscriptions: [MQTTSubscription] = []
        repeat {
            let filter = try r.readString("topic filter")
            try MQTTTopicFilter.validateFilter(filter, packetType: .subscribe)
            let options = try r.readByte("subscription options")
            let reserved: UInt8 = version == .v5 ? 0xC0 : 0xFC
            guard options & reserved == 0, let qos = MQTTQoS(rawValue: options & 0x03),
                  let handling = MQTTSubscription.RetainHandling(rawValue: (options >> 4) & 0x03)
            else {
                throw .invalidValue(.subscribe, field: "subscription options",
                                    reason: "0b\(String(options, radix: 2)) sets reserved or invalid bits")
            }
            subscriptions.append(MQTTSubscription(topicFilter: filter, qos: qos, noLocal: options & 0x04 != 0,
                                                  retainAsPublished: options & 0x08 != 0, retainHandling: handling))
        } while !r.isAtEnd
        return MQTTSubscribe(packetIdentifier: id, subscriptions: subscriptions, properties: properties)
    }

    private func decodeSubAck(_ r: inout MQTTByteReader) throws(MQTTCodecError) -> MQTTSubAck {
        let id = try readPacketIdentifier(&r)
        let properties = version == .v5 ? try MQTTProperties.read(from: &r) : MQTTProperties()
        guard !r.isAtEnd else { throw .truncated(.subAck, field: "return codes") }
        var codes: [MQTTReasonCode] = []
        while !r.isAtEnd {
            let code = try r.readByte("return code")
            if version == .v3_1_1 && code > 2 && code != 0x80 {
                throw .invalidValue(.subAck, field: "return code", reason: "\(code) is not 0, 1, 2 or 128")
            }
            codes.append(MQTTReasonCode(code))
        }
        return MQTTSubAck(packetIdentifier: id, reasonCodes: codes, properties: properties)
    }

    private func decodeUnsubscribe(_ r: inout MQTTByteReader) throws(MQTTCodecError) -> MQTTUnsubscribe {
        let id = try readPacketIdentifier(&r)
        let properties = version == .v5 ? try MQTTProperties.read(from: &r) : MQTTProperties()
        var filters: [String] = []
        repeat {
            let filter = try r.readString("topic filter")
            try MQTTTopicFilter.validateFilter(filter, packetType: .unsubscribe)
            filters.append(filter)
        } while !r.isAtEnd
        return MQTTUnsubscribe(packetIdentifier: id, topicFilters: filters, properties: properties)
    }

    private func decodeUnsubAck(_ r: inout MQTTByteReader) throws(MQTTCodecError) -> MQTTSubAck {
        let id = try readPacketIdentifier(&r)
        guard version == .v5 else { return MQTTSubAck(packetIdentifier: id, reasonCodes: []) }
        let properties = try MQTTProperties.read(from: &r)
        var codes: [MQTTReasonCode] = []
        while !r.isAtEnd { codes.append(MQTTReasonCode(try r.readByte("reason code"))) }
        return MQTTSubAck(packetIdentifier: id, reasonCodes: codes, properties: properties)
    }

    private func decodeDisconnect(_ r: inout MQTTByteReader) throws(MQTTCodecError) -> MQTTDisconnect {
        guard version == .v5 else { return MQTTDisconnect() }
        let code = r.isAtEnd ? MQTTReasonCode.success : MQTTReasonCode(try r.readByte("reason code"))
        let properties = r.isAtEnd ? MQTTProperties() : try MQTTProperties.read(from: &r)
        return MQTTDisconnect(reasonCode: code, properties: properties)
    }

    private func readPacketIdentifier(_ r: inout MQTTByteReader) throws(MQTTCodecError) -> UInt16 {
        let id = try r.readUInt16("packet identifier")
        guard id != 0 else { throw .invalidValue(r.packetType, field: "packet identifier", reason: "must not be 0") }
        return id
    }
}
