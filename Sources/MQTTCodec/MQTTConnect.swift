/// CONNECT: the first packet a client sends.
public struct MQTTConnect: Sendable, Hashable {
    public var version: MQTTProtocolVersion
    public var clientIdentifier: String
    /// 3.1.1 cleanSession / 5.0 cleanStart.
    public var cleanStart: Bool
    /// Keep-alive interval in seconds (0 disables it).
    public var keepAlive: UInt16
    public var username: String?
    public var password: [UInt8]?
    public var will: MQTTWill?
    public var properties: MQTTProperties

    public init(version: MQTTProtocolVersion, clientIdentifier: String, cleanStart: Bool = true,
                keepAlive: UInt16 = 60, username: String? = nil, password: [UInt8]? = nil,
                will: MQTTWill? = nil, properties: MQTTProperties = []) {
        self.version = version
        self.clientIdentifier = clientIdentifier
        self.cleanStart = cleanStart
        self.keepAlive = keepAlive
        self.username = username
        self.password = password
        self.will = will
        self.properties = properties
    }
}
