/// How the client reaches the broker.
public enum MQTTTransport: Sendable, Hashable {
    /// MQTT over TCP (TLS when configured).
    case tcp
    /// MQTT over WebSocket (`wss` when TLS is configured), as the MQTT specification has it: an HTTP
    /// upgrade on `path` asking for the subprotocol `mqtt`, then MQTT packets in binary frames.
    case webSocket(path: String)
}
