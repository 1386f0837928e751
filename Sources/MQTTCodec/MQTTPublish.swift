/// PUBLISH: an application message in either direction.
public struct MQTTPublish: Sendable, Hashable {
    public var topic: String
    public var payload: [UInt8]
    public var qos: MQTTQoS
    public var retain: Bool
    /// Set on a re-delivery of a QoS 1/2 message.
    public var dup: Bool
    /// Present exactly when `qos` is 1 or 2.
    public var packetIdentifier: UInt16?
    public var properties: MQTTProperties

    public init(topic: String, payload: [UInt8], qos: MQTTQoS = .atMostOnce, retain: Bool = false,
                dup: Bool = false, packetIdentifier: UInt16? = nil, properties: MQTTProperties = []) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
        self.dup = dup
        self.packetIdentifier = packetIdentifier
        self.properties = properties
    }
}
