/// SUBACK and UNSUBACK: one reason code per topic filter of the request.
///
/// UNSUBACK in MQTT 3.1.1 carries no reason codes; the list is then empty.
public struct MQTTSubAck: Sendable, Hashable {
    public var packetIdentifier: UInt16
    public var reasonCodes: [MQTTReasonCode]
    public var properties: MQTTProperties

    public init(packetIdentifier: UInt16, reasonCodes: [MQTTReasonCode], properties: MQTTProperties = []) {
        self.packetIdentifier = packetIdentifier
        self.reasonCodes = reasonCodes
        self.properties = properties
    }
}
