import MQTTClient
import MQTTCodec

/// Where mqtt receivers and remote actions publish (the service's MQTT client).
package protocol NotificationPublisher: Sendable {
    func publishNotification(topic: String, payload: [UInt8], qos: MQTTQoS, retain: Bool) async throws
}

extension MQTTClient: NotificationPublisher {
    package func publishNotification(topic: String, payload: [UInt8], qos: MQTTQoS, retain: Bool) async throws {
        let code = try await publish(topic: topic, payload: payload, qos: qos, retain: retain)
        if let code, code.isFailure { throw MQTTPublishRefusal(code: code) }
    }
}

/// The broker refused a publication (MQTT 5 reason code).
package struct MQTTPublishRefusal: Error, Sendable, CustomStringConvertible {
    package var code: MQTTReasonCode
    package var description: String { "broker refused the publication: \(code)" }
}
