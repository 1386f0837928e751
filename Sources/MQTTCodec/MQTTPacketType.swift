/// The control packet type in the high nibble of the fixed header.
public enum MQTTPacketType: UInt8, Sendable, Hashable, CustomStringConvertible {
    case connect = 1
    case connAck = 2
    case publish = 3
    case pubAck = 4
    case pubRec = 5
    case pubRel = 6
    case pubComp = 7
    case subscribe = 8
    case subAck = 9
    case unsubscribe = 10
    case unsubAck = 11
    case pingReq = 12
    case pingResp = 13
    case disconnect = 14
    case auth = 15

    public var description: String {
        switch self {
        case .connect: return "CONNECT"
        case .connAck: return "CONNACK"
        case .publish: return "PUBLISH"
        case .pubAck: return "PUBACK"
        case .pubRec: return "PUBREC"
        case .pubRel: return "PUBREL"
        case .pubComp: return "PUBCOMP"
        case .subscribe: return "SUBSCRIBE"
        case .subAck: return "SUBACK"
        case .unsubscribe: return "UNSUBSCRIBE"
        case .unsubAck: return "UNSUBACK"
        case .pingReq: return "PINGREQ"
        case .pingResp: return "PINGRESP"
        case .disconnect: return "DISCONNECT"
        case .auth: return "AUTH"
        }
    }

    /// The flags the fixed header must carry for every type but PUBLISH.
    var requiredFlags: UInt8 {
        switch self {
        case .pubRel, .subscribe, .unsubscribe: return 0b0010
        default: return 0
        }
    }
}
