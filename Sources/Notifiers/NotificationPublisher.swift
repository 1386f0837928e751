import MQTTClient
import MQTTCodec

/// Where mqtt receivers and remote actions publish (the service's MQTT client).
public protocol NotificationPublisher: Sendable {
    func publishNotification(topic: String, payload: [UInt8], qos: MQTTQoS, retain: Bool) async throws
}

extension MQTTClient: NotificationPublisher {
    public func publishNotification(topic: String, payload: [UInt8], qos: MQTTQoS, retain: Bool) async throws {
        let code = try await publish(topic: topic, payload: payload, qos: qos, retain: retain)
        if let code, code.isFailure { throw MQTTPublishRefusal(code: code) }
    }
}

/// The broker refused a publication (MQTT 5 reason code).
public struct MQTTPublishRefusal: Error, Sendable, CustomStringConvertible {
    public var code: MQTTReasonCode
    public var description: String { "broker refused the publication: \(code)" }
}
