import MQTTCodec

/// Something that happened to the client's connection, for observers and tests.
public enum MQTTConnectionEvent: Sendable {
    /// CONNACK accepted.
    case connected(sessionPresent: Bool)
    /// A connection attempt failed (TCP, TLS, CONNACK refusal or timeout).
    case connectFailed(any Error & Sendable)
    /// An established connection was lost; the client reconnects unless it is shutting down.
    case disconnected((any Error & Sendable)?)
    /// The broker had no session, and the client subscribed again; reason codes per filter.
    case subscriptionsRestored([MQTTSubscription], [MQTTReasonCode])
}
