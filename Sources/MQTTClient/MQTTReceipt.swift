/// The acknowledgement the client owes the broker for one QoS 1/2 message, held by the application
/// until the message's effect is durable (``MQTTAcknowledgementMode/manual``).
///
/// A receipt is valid on the connection the message arrived on: after a reconnection the broker
/// delivers the message again, and the old receipt is ignored.
public struct MQTTReceipt: Sendable, Hashable {
    let acknowledgement: MQTTInboundAcknowledgement
}
