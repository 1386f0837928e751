/// The property list of an MQTT 5 packet, in wire order. Empty (and never encoded) for MQTT 3.1.1.
public struct MQTTProperties: Sendable, Hashable, ExpressibleByArrayLiteral {
    /// The properties in the order they were written or received.
    public var items: [MQTTProperty]

    public init(_ items: [MQTTProperty] = []) { self.items = items }
    public init(arrayLiteral elements: MQTTProperty...) { self.items = elements }

    public var isEmpty: Bool { items.isEmpty }

    public mutating func append(_ property: MQTTProperty) { items.append(property) }

    public var sessionExpiryInterval: UInt32? {
        for case .sessionExpiryInterval(let v) in items { return v }
        return nil
    }
    public var receiveMaximum: UInt16? {
        for case .receiveMaximum(let v) in items { return v }
        return nil
    }
    public var maximumPacketSize: UInt32? {
        for case .maximumPacketSize(let v) in items { return v }
        return nil
    }
    public var maximumQoS: UInt8? {
        for case .maximumQoS(let v) in items { return v }
        return nil
    }
    public var retainAvailable: Bool? {
        for case .retainAvailable(let v) in items { return v != 0 }
        return nil
    }
    public var reasonString: String? {
        for case .reasonString(let v) in items { return v }
        return nil
    }
    public var assignedClientIdentifier: String? {
        for case .assignedClientIdentifier(let v) in items { return v }
        return nil
    }
    public var serverKeepAlive: UInt16? {
        for case .serverKeepAlive(let v) in items { return v }
        return nil
    }
    public var topicAlias: UInt16? {
        for case .topicAlias(let v) in items { return v }
        return nil
    }
    public var topicAliasMaximum: UInt16? {
        for case .topicAliasMaximum(let v) in items { return v }
        return nil
    }
    public var responseTopic: String? {
        for case .responseTopic(let v) in items { return v }
        return nil
    }
    public var correlationData: [UInt8]? {
        for case .correlationData(let v) in items { return v }
        return nil
    }
    public var contentType: String? {
        for case .contentType(let v) in items { return v }
        return nil
    }
    /// All user properties as name/value pairs, in order (names may repeat).
    public var userProperties: [(name: String, value: String)] {
        items.compactMap { if case .userProperty(let k, let v) = $0 { return (k, v) } else { return nil } }
    }
}
