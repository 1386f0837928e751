/// The body shared by PUBACK, PUBREC, PUBREL and PUBCOMP.
public struct MQTTAcknowledgement: Sendable, Hashable {
    public var packetIdentifier: UInt16
    /// Always `.success` in MQTT 3.1.1.
    public var reasonCode: MQTTReasonCode
    public var properties: MQTTProperties

    public init(packetIdentifier: UInt16, reasonCode: MQTTReasonCode = .success,
                properties: MQTTProperties = []) {
        self.packetIdentifier = packetIdentifier
        self.reasonCode = reasonCode
        self.properties = properties
    }
}
