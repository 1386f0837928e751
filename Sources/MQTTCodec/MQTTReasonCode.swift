/// An MQTT 5 reason code, or an MQTT 3.1.1 CONNACK return code / SUBACK return code.
public struct MQTTReasonCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    /// Codes below 0x80 report success; 0x80 and above report failure.
    public var isFailure: Bool { rawValue >= 0x80 }

    public static let success = MQTTReasonCode(0x00)
    public static let grantedQoS1 = MQTTReasonCode(0x01)
    public static let grantedQoS2 = MQTTReasonCode(0x02)
    public static let disconnectWithWill = MQTTReasonCode(0x04)
    public static let noMatchingSubscribers = MQTTReasonCode(0x10)
    public static let noSubscriptionExisted = MQTTReasonCode(0x11)
    public static let unspecifiedError = MQTTReasonCode(0x80)
    public static let malformedPacket = MQTTReasonCode(0x81)
    public static let protocolError = MQTTReasonCode(0x82)
    public static let implementationSpecificError = MQTTReasonCode(0x83)
    public static let unsupportedProtocolVersion = MQTTReasonCode(0x84)
    public static let clientIdentifierNotValid = MQTTReasonCode(0x85)
    public static let badUsernameOrPassword = MQTTReasonCode(0x86)
    public static let notAuthorized = MQTTReasonCode(0x87)
    public static let serverUnavailable = MQTTReasonCode(0x88)
    public static let serverBusy = MQTTReasonCode(0x89)
    public static let keepAliveTimeout = MQTTReasonCode(0x8D)
    public static let sessionTakenOver = MQTTReasonCode(0x8E)
    public static let topicFilterInvalid = MQTTReasonCode(0x8F)
    public static let topicNameInvalid = MQTTReasonCode(0x90)
    public static let packetIdentifierInUse = MQTTReasonCode(0x91)
    public static let packetIdentifierNotFound = MQTTReasonCode(0x92)
    public static let receiveMaximumExceeded = MQTTReasonCode(0x93)
    public static let packetTooLarge = MQTTReasonCode(0x95)
    public static let quotaExceeded = MQTTReasonCode(0x97)
    public static let payloadFormatInvalid = MQTTReasonCode(0x99)
    public static let qosNotSupported = MQTTReasonCode(0x9B)

    public var description: String {
        let name: String
        switch rawValue {
        case 0x00: name = "success"
        case 0x01: name = "granted QoS 1"
        case 0x02: name = "granted QoS 2"
        case 0x04: name = "disconnect with will message"
        case 0x10: name = "no matching subscribers"
        case 0x11: name = "no subscription existed"
        case 0x18: name = "continue authentication"
        case 0x19: name = "re-authenticate"
        case 0x80: name = "unspecified error"
        case 0x81: name = "malformed packet"
        case 0x82: name = "protocol error"
        case 0x83: name = "implementation specific error"
        case 0x84: name = "unsupported protocol version"
        case 0x85: name = "client identifier not valid"
        case 0x86: name = "bad user name or password"
        case 0x87: name = "not authorized"
        case 0x88: name = "server unavailable"
        case 0x89: name = "server busy"
        case 0x8A: name = "banned"
        case 0x8B: name = "server shutting down"
        case 0x8C: name = "bad authentication method"
        case 0x8D: name = "keep alive timeout"
        case 0x8E: name = "session taken over"
        case 0x8F: name = "topic filter invalid"
        case 0x90: name = "topic name invalid"
        case 0x91: name = "packet identifier in use"
        case 0x92: name = "packet identifier not found"
        case 0x93: name = "receive maximum exceeded"
        case 0x94: name = "topic alias invalid"
        case 0x95: name = "packet too large"
        case 0x96: name = "message rate too high"
        case 0x97: name = "quota exceeded"
        case 0x98: name = "administrative action"
        case 0x99: name = "payload format invalid"
        case 0x9A: name = "retain not supported"
        case 0x9B: name = "QoS not supported"
        case 0x9C: name = "use another server"
        case 0x9D: name = "server moved"
        case 0x9E: name = "shared subscriptions not supported"
        case 0x9F: name = "connection rate exceeded"
        case 0xA0: name = "maximum connect time"
        case 0xA1: name = "subscription identifiers not supported"
        case 0xA2: name = "wildcard subscriptions not supported"
        default: name = "reason code"
        }
        return "\(name) (0x\(String(rawValue, radix: 16, uppercase: true)))"
    }

    /// Describes a 3.1.1 CONNACK return code, which uses different numbers than 5.0.
    public var connectReturnCodeDescription: String {
        switch rawValue {
        case 0: return "connection accepted (0)"
        case 1: return "unacceptable protocol version (1)"
        case 2: return "identifier rejected (2)"
        case 3: return "server unavailable (3)"
        case 4: return "bad user name or password (4)"
        case 5: return "not authorized (5)"
        default: return "return code \(rawValue)"
        }
    }
}
