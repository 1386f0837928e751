import Foundation
import MQTTCodec

/// An application message received from the broker.
public struct MQTTMessage: Sendable {
    public var topic: String
    public var payload: [UInt8]
    public var qos: MQTTQoS
    public var retain: Bool
    /// The broker marked it as a re-delivery (QoS 1 may then arrive twice; QoS 2 never does).
    public var isDuplicate: Bool
    /// MQTT 5 properties (response topic, correlation data, user properties, ...).
    public var properties: MQTTProperties
    /// The broker's packet identifier (QoS 1/2), for diagnostics.
    public var packetIdentifier: UInt16?
    /// When the client decoded the message (Unix seconds): how long it waited for the application
    /// is the ingest lag.
    public var receivedAt: Double
    /// Set for QoS 1/2: sent to the broker once the application has taken the message.
    let acknowledgement: MQTTInboundAcknowledgement?

    /// What the application gives back to ``MQTTClient/acknowledge(_:)`` under
    /// ``MQTTAcknowledgementMode/manual``; nil for QoS 0, which the broker does not wait for.
    public var receipt: MQTTReceipt? { acknowledgement.map(MQTTReceipt.init) }

    init(_ publish: consuming MQTTPublish, acknowledgement: MQTTInboundAcknowledgement?, receivedAt: Double) {
        topic = publish.topic
        payload = publish.payload
        qos = publish.qos
        retain = publish.retain
        isDuplicate = publish.dup
        properties = publish.properties
        packetIdentifier = publish.packetIdentifier
        self.receivedAt = receivedAt
        self.acknowledgement = acknowledgement
    }

    /// The payload read as UTF-8 (invalid sequences are replaced).
    public var payloadString: String { String(decoding: payload, as: UTF8.self) }
}
