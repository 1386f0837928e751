/// DISCONNECT (and, in MQTT 5, AUTH): a reason code and properties, both optional on the wire.
public struct MQTTDisconnect: Sendable, Hashable {
    public var reasonCode: MQTTReasonCode
    public var properties: MQTTProperties

    public init(reasonCode: MQTTReasonCode = .success, properties: MQTTProperties = []) {
        self.reasonCode = reasonCode
        self.properties = properties
    }
}
