/// One MQTT 5 property.
public enum MQTTProperty: Sendable, Hashable {
    case payloadFormatIndicator(UInt8)
    case messageExpiryInterval(UInt32)
    case contentType(String)
    case responseTopic(String)
    case correlationData([UInt8])
    case subscriptionIdentifier(Int)
    case sessionExpiryInterval(UInt32)
    case assignedClientIdentifier(String)
    case serverKeepAlive(UInt16)
    case authenticationMethod(String)
    case authenticationData([UInt8])
    case requestProblemInformation(UInt8)
    case willDelayInterval(UInt32)
    case requestResponseInformation(UInt8)
    case responseInformation(String)
    case serverReference(String)
    case reasonString(String)
    case receiveMaximum(UInt16)
    case topicAliasMaximum(UInt16)
    case topicAlias(UInt16)
    case maximumQoS(UInt8)
    case retainAvailable(UInt8)
    case userProperty(String, String)
    case maximumPacketSize(UInt32)
    case wildcardSubscriptionAvailable(UInt8)
    case subscriptionIdentifierAvailable(UInt8)
    case sharedSubscriptionAvailable(UInt8)

    /// The identifier byte that precedes the value on the wire.
    public var identifier: UInt8 {
        switch self {
        case .payloadFormatIndicator: return 0x01
        case .messageExpiryInterval: return 0x02
        case .contentType: return 0x03
        case .responseTopic: return 0x08
        case .correlationData: return 0x09
        case .subscriptionIdentifier: return 0x0B
        case .sessionExpiryInterval: return 0x11
        case .assignedClientIdentifier: return 0x12
        case .serverKeepAlive: return 0x13
        case .authenticationMethod: return 0x15
        case .authenticationData: return 0x16
        case .requestProblemInformation: return 0x17
        case .willDelayInterval: return 0x18
        case .requestResponseInformation: return 0x19
        case .responseInformation: return 0x1A
        case .serverReference: return 0x1C
        case .reasonString: return 0x1F
        case .receiveMaximum: return 0x21
        case .topicAliasMaximum: return 0x22
        case .topicAlias: return 0x23
        case .maximumQoS: return 0x24
        case .retainAvailable: return 0x25
        case .userProperty: return 0x26
        case .maximumPacketSize: return 0x27
        case .wildcardSubscriptionAvailable: return 0x28
        case .subscriptionIdentifierAvailable: return 0x29
        case .sharedSubscriptionAvailable: return 0x2A
        }
    }
}
