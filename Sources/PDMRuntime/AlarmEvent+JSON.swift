import AlarmEngine
import Payloads

extension AlarmEvent {
    /// The event payload (keys sorted, so equal events give equal bytes).
    package func jsonPayload() -> [UInt8] {
        AlarmEventPayload(transition: transition, alarm: alarm).jsonBytes()
    }

    /// The retained state payload: the alarm after the event.
    package func statePayload() -> [UInt8] {
        AlarmPayload(alarm).jsonBytes()
    }
}
