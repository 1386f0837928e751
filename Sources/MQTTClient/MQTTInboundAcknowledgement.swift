/// What the client owes the broker once the application has taken a QoS 1/2 message.
struct MQTTInboundAcknowledgement: Sendable, Hashable {
    var packetIdentifier: UInt16
    var exactlyOnce: Bool
    /// The connection the message arrived on; a QoS 1 acknowledgement is only valid there.
    var generation: UInt64
}
