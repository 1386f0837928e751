/// Why a Sparkplug B message, or part of it, could not be used. Each carries the topic.
package struct SparkplugError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Reason: Sendable, Hashable {
        /// The topic is not a Sparkplug B topic of a known shape.
        case topic(String)
        /// The payload is not a Sparkplug B protobuf message.
        case malformedPayload(String)
        /// Data or a death from an edge node or device whose birth pdm has not seen.
        case beforeBirth
        /// A metric names neither a name nor an alias its birth declared.
        case unknownAlias(UInt64)
        /// A metric without a name or an alias.
        case unnamedMetric
        /// The sequence number is not the one after the last message of the node.
        case sequenceGap(expected: UInt64, received: UInt64?)
        /// A metric whose value is not a number (strings, bytes, data sets, arrays).
        case notNumeric(metric: String, dataType: UInt32)
        /// A metric whose value is null.
        case nullValue(metric: String)
        /// More edge nodes than pdm follows at once.
        case tooManyNodes(limit: Int)
        /// More devices of one edge node than pdm follows.
        case tooManyDevices(limit: Int)
        /// A death whose `bdSeq` is not that of the node's last birth (from an earlier session).
        case earlierSession(bdSeq: UInt64?)
    }

    package var topic: String
    package var reason: Reason

    package init(topic: String, reason: Reason) {
        self.topic = topic
        self.reason = reason
    }

    /// A short, stable label for metrics.
    package var label: String {
        switch reason {
        case .topic: "sparkplug_topic"
        case .malformedPayload: "sparkplug_malformed"
        case .beforeBirth: "sparkplug_before_birth"
        case .unknownAlias: "sparkplug_unknown_alias"
        case .unnamedMetric: "sparkplug_unnamed_metric"
        case .sequenceGap: "sparkplug_sequence_gap"
        case .notNumeric: "sparkplug_not_numeric"
        case .nullValue: "sparkplug_null"
        case .earlierSession: "sparkplug_earlier_session"
        case .tooManyNodes: "sparkplug_too_many_nodes"
        case .tooManyDevices: "sparkplug_too_many_devices"
        }
    }

    package var description: String {
        let detail: String
        switch reason {
        case .topic(let text): detail = "not a Sparkplug B topic: \(text)"
        case .malformedPayload(let text): detail = "payload is not a Sparkplug B message: \(text)"
        case .beforeBirth: detail = "no birth seen for this edge node or device; a rebirth is requested"
        case .unknownAlias(let alias): detail = "metric alias \(alias) was not declared in the birth; a rebirth is requested"
        case .unnamedMetric: detail = "a metric has neither a name nor an alias"
        case .sequenceGap(let expected, let received):
            detail = "sequence number \(received.map(String.init) ?? "missing"), expected \(expected): messages were lost; a rebirth is requested"
        case .notNumeric(let metric, let type):
            detail = "metric '\(metric)' (data type \(type)) is not a number; only numbers and booleans become readings"
        case .nullValue(let metric): detail = "metric '\(metric)' is null"
        case .tooManyNodes(let limit): detail = "more than \(limit) edge nodes; this one's birth is refused"
        case .tooManyDevices(let limit): detail = "more than \(limit) devices of one edge node; this one's birth is refused"
        case .earlierSession(let bdSeq):
            detail = "death with bdSeq \(bdSeq.map(String.init) ?? "missing") belongs to an earlier session; ignored"
        }
        return "topic '\(topic)': \(detail)"
    }
}
