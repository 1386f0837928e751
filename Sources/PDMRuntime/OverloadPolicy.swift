import MQTTCodec
import PDMConfig

/// Decides, per message, whether an overloaded service sheds it: only QoS 0 readings, only while
/// they have waited longer than the configured lag. Pure.
public struct OverloadPolicy: Sendable, Hashable {
    public var settings: IngestSettings

    public init(_ settings: IngestSettings) {
        self.settings = settings
    }

    /// Whether a message of `qos` that waited `lag` seconds is processed.
    public func admits(qos: MQTTQoS, lag: Double) -> Bool {
        guard lag > settings.maxLag else { return true }
        return qos != .atMostOnce || !settings.shedQoS0
    }
}
