/// When the client acknowledges a QoS 1/2 message to the broker (PUBACK for QoS 1, PUBREC for QoS 2).
public enum MQTTAcknowledgementMode: Sendable, Hashable {
    /// As the message stream hands the message to the application.
    case onDelivery
    /// Only when the application passes the message's ``MQTTMessage/receipt`` to
    /// ``MQTTClient/acknowledge(_:)``: once its effect is durable, say. Until then the broker
    /// keeps the message, and delivers it again after a reconnection. Receipts must be given back
    /// in the order the messages arrived.
    case manual
}
