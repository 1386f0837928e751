import MQTTCodec

/// Everything needed to connect to a broker and keep a session with it.
public struct MQTTClientConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var version: MQTTProtocolVersion
    /// Must be stable across restarts for a persistent session.
    public var clientIdentifier: String
    /// `false` keeps the session (subscriptions, queued QoS 1/2 messages) across disconnections.
    public var cleanStart: Bool
    /// MQTT 5: how long the broker keeps the session after a disconnection (seconds). With 3.1.1 a
    /// session with `cleanStart == false` is kept until the broker discards it.
    public var sessionExpiry: UInt32
    /// PINGREQ cadence when the connection is otherwise idle; the broker may override it (MQTT 5).
    public var keepAlive: Duration
    /// How long to wait for PINGRESP before the connection is considered dead.
    public var pingTimeout: Duration
    public var connectTimeout: Duration
    public var username: String?
    public var password: String?
    public var will: MQTTWill?
    /// `nil` connects without TLS.
    public var tls: MQTTTLSConfiguration?
    /// TCP (the default) or WebSocket.
    public var transport: MQTTTransport = .tcp
    public var reconnect: MQTTReconnectPolicy
    /// MQTT 5: how many unacknowledged QoS 1/2 messages the broker may send at once. The client
    /// announces at most `inboundBufferSize - 1`, so QoS 1/2 traffic alone never fills the buffer and
    /// never pauses reading (which would hold back SUBACK, PUBACK and PINGRESP behind it).
    public var receiveMaximum: UInt16
    /// Largest packet accepted from the broker; larger ones close the connection.
    public var maximumPacketSize: Int
    /// Messages held for the application before reading from the socket pauses.
    public var inboundBufferSize: Int
    /// MQTT 5 user properties sent with CONNECT.
    public var userProperties: [String: String]
    /// When a QoS 1/2 message is acknowledged to the broker.
    public var acknowledgement: MQTTAcknowledgementMode = .onDelivery

    public init(host: String = "127.0.0.1", port: Int = 1883, version: MQTTProtocolVersion = .v5,
                clientIdentifier: String, cleanStart: Bool = true, sessionExpiry: UInt32 = 0,
                keepAlive: Duration = .seconds(30), pingTimeout: Duration = .seconds(10),
                connectTimeout: Duration = .seconds(10), username: String? = nil, password: String? = nil,
                will: MQTTWill? = nil, tls: MQTTTLSConfiguration? = nil,
                reconnect: MQTTReconnectPolicy = MQTTReconnectPolicy(), receiveMaximum: UInt16 = 1000,
                maximumPacketSize: Int = 4 * 1024 * 1024, inboundBufferSize: Int = 4096,
                userProperties: [String: String] = [:]) {
        self.host = host
        self.port = port
        self.version = version
        self.clientIdentifier = clientIdentifier
        self.cleanStart = cleanStart
        self.sessionExpiry = sessionExpiry
        self.keepAlive = keepAlive
        self.pingTimeout = pingTimeout
        self.connectTimeout = connectTimeout
        self.username = username
        self.password = password
        self.will = will
        self.tls = tls
        self.reconnect = reconnect
        self.receiveMaximum = receiveMaximum
        self.maximumPacketSize = maximumPacketSize
        self.inboundBufferSize = inboundBufferSize
        self.userProperties = userProperties
    }

    /// The receive maximum announced in CONNECT: below the inbound buffer's high-water mark.
    var effectiveReceiveMaximum: UInt16 {
        max(1, min(receiveMaximum, UInt16(clamping: inboundBufferSize - 1)))
    }

    /// The CONNECT packet this configuration sends.
    func connectPacket() -> MQTTConnect {
        var properties = MQTTProperties()
        if version == .v5 {
            if sessionExpiry > 0 { properties.append(.sessionExpiryInterval(sessionExpiry)) }
            properties.append(.receiveMaximum(effectiveReceiveMaximum))
            properties.append(.maximumPacketSize(UInt32(clamping: maximumPacketSize)))
            for (name, value) in userProperties.sorted(by: { $0.key < $1.key }) {
                properties.append(.userProperty(name, value))
            }
        }
        return MQTTConnect(version: version, clientIdentifier: clientIdentifier, cleanStart: cleanStart,
                           keepAlive: UInt16(clamping: Int(keepAlive.seconds.rounded())), username: username,
                           password: password.map { Array($0.utf8) }, will: will, properties: properties)
    }
}
