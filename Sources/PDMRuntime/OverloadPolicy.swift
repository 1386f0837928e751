import MQTTCodec
import PDMConfig

/// Decides, per message, whether an overloaded service sheds it: only QoS 0 readings, only while
/// they have waited longer than the configured lag. Pure.
package struct OverloadPolicy: Sendable, Hashable {
    package var settings: IngestSettings

    package init(_ settings: IngestSettings) {
        self.settings = settings
    }

    /// Whether a message of `qos` that waited `lag` seconds is processed.
    package func admits(qos: MQTTQoS, lag: Double) -> Bool {
        guard lag > settings.maxLag else { return true }
        return qos != .atMostOnce || !settings.shedQoS0
    }
}
