/// Why a message could not be turned into readings. Each case names what to fix.
public enum ReadingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No subscription template matches the topic.
    case unmappedTopic(String)
    /// The payload is not a JSON object of the documented shape.
    case malformedPayload(topic: String, detail: String)
    /// `ts` is neither a number of seconds nor an ISO 8601 date-time.
    case invalidTimestamp(topic: String, text: String)
    /// A value is not a finite number.
    case invalidValue(topic: String, channel: String, detail: String)
    /// `value` was given but neither the topic nor the subscription names a channel.
    case missingChannel(topic: String)
    /// The reading is older than the newest of its channel by more than `statistics.late_after`.
    case late(topic: String, asset: String, channel: String, time: Double, newest: Double)
    /// The value lies outside the channel's configured plausible range.
    case outOfRange(topic: String, asset: String, channel: String, value: Double, range: ClosedRange<Double>)
    /// The asset's model refused the reading (implausible for it, or late for its time step).
    case refusedByModel(topic: String, asset: String, reason: String, detail: String)
    /// A waveform block that cannot be analysed.
    case unanalysable(topic: String, channel: String, detail: String)
    /// The gateway reports an error for the tag instead of a value (sensor-health input).
    case gatewayError(topic: String, asset: String, channel: String, code: Int)

    /// A short, stable label for metrics.
    public var reason: String {
        switch self {
        case .unmappedTopic: return "unmapped_topic"
        case .malformedPayload: return "malformed_payload"
        case .invalidTimestamp: return "invalid_timestamp"
        case .invalidValue: return "invalid_value"
        case .missingChannel: return "missing_channel"
        case .late: return "late"
        case .outOfRange: return "out_of_range"
        case .refusedByModel(_, _, let reason, _): return "model_" + reason
        case .unanalysable: return "unanalysable_waveform"
        case .gatewayError: return "gateway_error"
        }
    }

    public var description: String {
        switch self {
        case .unmappedTopic(let topic):
            return "topic '\(topic)' matches no subscription template"
        case .malformedPayload(let topic, let detail):
            return "topic '\(topic)': payload is not a reading: \(detail)"
        case .invalidTimestamp(let topic, let text):
            return "topic '\(topic)': ts '\(text)' is neither Unix seconds nor ISO 8601"
        case .invalidValue(let topic, let channel, let detail):
            return "topic '\(topic)', channel '\(channel)': \(detail)"
        case .missingChannel(let topic):
            return "topic '\(topic)': a single 'value' needs a {channel} in the template or 'channel' in the subscription"
        case .late(let topic, let asset, let channel, let time, let newest):
            return "topic '\(topic)': \(asset)/\(channel) reading at \(time) is late (newest \(newest)); not counted"
        case .outOfRange(let topic, let asset, let channel, let value, let range):
            return "topic '\(topic)': \(asset)/\(channel) value \(value) is outside the plausible range \(range.lowerBound)…\(range.upperBound)"
        case .refusedByModel(let topic, let asset, _, let detail):
            return "topic '\(topic)': model of \(asset) refused \(detail)"
        case .unanalysable(let topic, let channel, let detail):
            return "topic '\(topic)', channel '\(channel)': waveform cannot be analysed: \(detail)"
        case .gatewayError(let topic, let asset, let channel, let code):
            return "topic '\(topic)': the gateway reports error \(code) for \(asset)/\(channel) instead of a value"
        }
    }
}
