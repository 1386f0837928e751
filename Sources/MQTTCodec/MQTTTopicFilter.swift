/// A validated topic filter that matches topic names, following MQTT's wildcard rules:
/// `+` matches exactly one level, `#` (last level only) matches the parent and any number of levels,
/// and a filter starting with a wildcard never matches a topic starting with `$`.
public struct MQTTTopicFilter: Sendable, Hashable, CustomStringConvertible {
    private enum Level: Sendable, Hashable {
        case literal(Substring)
        case single
        case multi
    }

    /// The filter as written.
    public let filter: String
    private let levels: [Level]

    /// Parses and validates a filter.
    public init(_ filter: String) throws(MQTTCodecError) {
        try MQTTTopicFilter.validateFilter(filter, packetType: .subscribe)
        self.filter = filter
        self.levels = filter.split(separator: "/", omittingEmptySubsequences: false).map { level in
            switch level {
            case "+": return .single
            case "#": return .multi
            default: return .literal(level)
            }
        }
    }

    public var description: String { filter }

    /// True when the filter contains `+` or `#`.
    public var hasWildcards: Bool { levels.contains { $0 == .single || $0 == .multi } }

    /// Whether `topic` (a topic name, without wildcards) matches this filter.
    public func matches(_ topic: String) -> Bool {
        if topic.utf8.first == UInt8(ascii: "$"), let first = levels.first, first == .single || first == .multi {
            return false
        }
        var index = 0
        var topicLevels = topic.split(separator: "/", omittingEmptySubsequences: false)[...]
        while let level = topicLevels.popFirst() {
            guard index < levels.count else { return false }
            switch levels[index] {
            case .multi: return true
            case .single: break
            case .literal(let literal): if literal != level { return false }
            }
            index += 1
        }
        if index == levels.count { return true }
        // "a/#" also matches "a".
        return index == levels.count - 1 && levels[index] == .multi
    }

    /// Checks a topic filter: non-empty, `#` only as the whole last level, `+` only as a whole level.
    public static func validateFilter(_ filter: String, packetType: MQTTPacketType) throws(MQTTCodecError) {
        guard !filter.isEmpty else { throw .invalidTopic(packetType, topic: filter, reason: "empty topic filter") }
        let levels = filter.split(separator: "/", omittingEmptySubsequences: false)
        for (offset, level) in levels.enumerated() {
            if level.contains("#") && (level != "#" || offset != levels.count - 1) {
                throw .invalidTopic(packetType, topic: filter, reason: "'#' must be the whole last level")
            }
            if level.contains("+") && level != "+" {
                throw .invalidTopic(packetType, topic: filter, reason: "'+' must occupy a whole level")
            }
        }
    }

    /// Checks a topic name for PUBLISH: no wildcards; empty only where a topic alias stands in for it.
    public static func validateName(_ topic: String, packetType: MQTTPacketType, allowEmpty: Bool = false)
        throws(MQTTCodecError)
    {
        if topic.isEmpty && !allowEmpty {
            throw .invalidTopic(packetType, topic: topic, reason: "empty topic name")
        }
        if topic.utf8.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "#") }) {
            throw .invalidTopic(packetType, topic: topic, reason: "wildcards are not allowed in a topic name")
        }
    }
}
