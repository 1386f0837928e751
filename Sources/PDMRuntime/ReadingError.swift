import Sparkplug

/// Why a message could not be turned into readings. Each case names what to fix.
package enum ReadingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No subscription template matches the topic.
    case unmappedTopic(String)
    /// The payload is not a JSON object of the documented shape.
    case malformedPayload(topic: String, detail: String)
    /// `ts` is neither a number of seconds nor an ISO 8601 date-time.
    case invalidTimestamp(topic: String, text: String)
    /// The time lies outside ``Reading/plausibleTimes`` (2000–2100).
    case timestampOutOfRange(topic: String, time: Double)
    /// The reading is dated further ahead of its arrival than `ingest.max_future` allows; it is
    /// not counted and does not become the channel's newest time.
    case future(topic: String, asset: String, channel: String, time: Double, receivedAt: Double, limit: Double)
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
    /// A Sparkplug B message, or a metric of it, that could not be used.
    case sparkplug(SparkplugError)
    /// A Sparkplug metric whose mapped asset cannot be an asset name (empty, or with `/`, `+`, `#`).
    case unusableAsset(topic: String, asset: String)

    /// The topic (or source) of the rejected message.
    package var topic: String {
        switch self {
        case .unmappedTopic(let topic): return topic
        case .malformedPayload(let topic, _), .invalidTimestamp(let topic, _), .timestampOutOfRange(let topic, _),
             .future(let topic, _, _, _, _, _), .invalidValue(let topic, _, _), .missingChannel(let topic),
             .late(let topic, _, _, _, _), .outOfRange(let topic, _, _, _, _), .refusedByModel(let topic, _, _, _),
             .unanalysable(let topic, _, _), .gatewayError(let topic, _, _, _), .unusableAsset(let topic, _):
            return topic
        case .sparkplug(let error):
            return error.topic
        }
    }

    /// A short, stable label for metrics.
    package var reason: String {
        switch self {
        case .unmappedTopic: return "unmapped_topic"
        case .malformedPayload: return "malformed_payload"
        case .invalidTimestamp: return "invalid_timestamp"
        case .timestampOutOfRange: return "timestamp_out_of_range"
        case .future: return "future"
        case .invalidValue: return "invalid_value"
        case .missingChannel: return "missing_channel"
        case .late: return "late"
        case .outOfRange: return "out_of_range"
        case .refusedByModel(_, _, let reason, _): return "model_" + reason
        case .unanalysable: return "unanalysable_waveform"
        case .gatewayError: return "gateway_error"
        case .sparkplug(let error): return error.label
        case .unusableAsset: return "unusable_asset"
        }
    }

    package var description: String {
        switch self {
        case .unmappedTopic(let topic):
            return "topic '\(topic)' matches no subscription template"
        case .malformedPayload(let topic, let detail):
            return "topic '\(topic)': payload is not a reading: \(detail)"
        case .invalidTimestamp(let topic, let text):
            return "topic '\(topic)': ts '\(text)' is neither Unix seconds nor ISO 8601"
        case .invalidValue(let topic, let channel, let detail):
            return "topic '\(topic)', channel '\(channel)': \(detail)"
        case .timestampOutOfRange(let topic, let time):
            return "topic '\(topic)': time \(time) is outside 2000-01-01…2100-01-01 (946684800…4102444800 Unix seconds; "
                + "milliseconds or nanoseconds are not seconds)"
        case .future(let topic, let asset, let channel, let time, let receivedAt, let limit):
            return "topic '\(topic)': \(asset)/\(channel) reading at \(time) is \(time - receivedAt) s ahead of its arrival "
                + "(at most \(limit) s, ingest.max_future); not counted"
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
        case .sparkplug(let error):
            return error.description
        case .unusableAsset(let topic, let asset):
            return "topic '\(topic)': sparkplug.asset makes '\(asset)', which cannot be an asset name (empty, or with '/', '+' or '#')"
        }
    }
}
