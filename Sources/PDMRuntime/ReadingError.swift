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

    /// A short, stable label for metrics.
    public var reason: String {
        switch self {
        case .unmappedTopic: return "unmapped_topic"
        case .malformedPayload: return "malformed_payload"
        case .invalidTimestamp: return "invalid_timestamp"
        case .invalidValue: return "invalid_value"
        case .missingChannel: return "missing_channel"
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
        }
    }
}
