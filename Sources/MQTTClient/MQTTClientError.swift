import MQTTCodec

/// Why a client operation or connection failed.
public enum MQTTClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A QoS 0 publish was attempted with no connection (QoS 1/2 are queued instead).
    case notConnected
    /// The broker answered CONNECT with a failure code.
    case connectionRefused(code: MQTTReasonCode, reason: String?, version: MQTTProtocolVersion)
    /// No CONNACK arrived in time.
    case connectTimeout
    /// No PINGRESP arrived in time: the connection is dead.
    case keepAliveTimeout
    /// The broker sent something the protocol forbids at this point.
    case protocolViolation(String)
    /// The broker sent bytes that do not decode.
    case malformedPacket(MQTTCodecError)
    /// The broker refused a publication (MQTT 5 reason code of 0x80 or above).
    case publishRejected(topic: String, code: MQTTReasonCode, reason: String?)
    /// The packet is larger than the broker accepts.
    case packetTooLarge(topic: String, size: Int, maximum: Int)
    /// The broker's maximum QoS is below what was asked for.
    case qosNotSupported(requested: MQTTQoS, maximum: MQTTQoS)
    /// All 65,535 packet identifiers are in use.
    case packetIdentifiersExhausted
    /// The broker closed the session with DISCONNECT (MQTT 5).
    case serverDisconnected(code: MQTTReasonCode, reason: String?)
    /// The connection closed before the operation finished and it cannot be retried.
    case connectionClosed
    /// The WebSocket upgrade failed (no `101 Switching Protocols`, or no `mqtt` subprotocol).
    case webSocketUpgradeFailed(String)
    /// The client is shutting down.
    case shutdown
    /// The configuration cannot be used (TLS files, invalid values).
    case invalidConfiguration(String)
    /// An argument (topic, filter) is invalid.
    case invalidArgument(MQTTCodecError)

    public var description: String {
        switch self {
        case .notConnected: return "not connected to the broker"
        case .connectionRefused(let code, let reason, let version):
            let text = version == .v5 ? code.description : code.connectReturnCodeDescription
            return "broker refused the connection: \(text)" + (reason.map { ": \($0)" } ?? "")
        case .connectTimeout: return "no CONNACK from the broker in time"
        case .keepAliveTimeout: return "no PINGRESP from the broker in time; connection considered dead"
        case .protocolViolation(let what): return "protocol violation by the broker: \(what)"
        case .malformedPacket(let error): return "malformed packet from the broker: \(error)"
        case .publishRejected(let topic, let code, let reason):
            return "broker rejected publish to '\(topic)': \(code)" + (reason.map { ": \($0)" } ?? "")
        case .packetTooLarge(let topic, let size, let maximum):
            return "publish to '\(topic)' is \(size) bytes; the broker accepts at most \(maximum)"
        case .qosNotSupported(let requested, let maximum):
            return "broker supports at most \(maximum); \(requested) was requested"
        case .packetIdentifiersExhausted: return "all 65535 packet identifiers are in use"
        case .serverDisconnected(let code, let reason):
            return "broker disconnected: \(code)" + (reason.map { ": \($0)" } ?? "")
        case .connectionClosed: return "connection closed"
        case .webSocketUpgradeFailed(let why): return "WebSocket upgrade failed: \(why)"
        case .shutdown: return "client is shutting down"
        case .invalidConfiguration(let what): return "invalid MQTT configuration: \(what)"
        case .invalidArgument(let error): return "invalid argument: \(error)"
        }
    }
}
