import MQTTCodec
import Prognostics

/// Something the service publishes on the broker, handed to the ``PublisherService``.
enum Publication: Sendable {
    /// A committed alarm transition: its event and retained state.
    case alarm(AlarmEvent)
    /// A remaining-life estimate, retained per asset.
    case estimate(RULEstimate, unit: String)
    /// The answer to an MQTT command.
    case reply(topic: String, payload: [UInt8], properties: MQTTProperties)
    /// A Sparkplug command to an edge node (a rebirth request): QoS 0, not retained, as the
    /// specification has commands sent.
    case sparkplugCommand(topic: String, payload: [UInt8])
}
