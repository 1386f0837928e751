/// CONNACK: the broker's answer to CONNECT.
public struct MQTTConnAck: Sendable, Hashable {
    public var sessionPresent: Bool
    /// 3.1.1 return code or 5.0 reason code (0 is success in both).
    public var reasonCode: MQTTReasonCode
    public var properties: MQTTProperties

    public init(sessionPresent: Bool = false, reasonCode: MQTTReasonCode = .success,
                properties: MQTTProperties = []) {
        self.sessionPresent = sessionPresent
        self.reasonCode = reasonCode
        self.properties = properties
    }
}
