/// A Sparkplug B topic: `spBv1.0/<group>/<type>/<edge node>[/<device>]`, or a host application's
/// `spBv1.0/STATE/<host id>`.
package enum SparkplugTopic: Sendable, Hashable {
    /// A message from or to an edge node (and one of its devices).
    case edge(SparkplugMessageType, SparkplugSource)
    /// A host application's online state.
    case state(hostID: String)

    /// The first topic level of every Sparkplug B topic.
    package static let namespace = "spBv1.0"

    /// Whether `topic` lies in the Sparkplug B namespace (cheap: no parsing).
    package static func isSparkplug(_ topic: String) -> Bool {
        topic.utf8.starts(with: "spBv1.0/".utf8)
    }

    /// Parses a topic; the error names the level that is wrong.
    package init(parsing topic: String) throws(SparkplugError) {
        let levels = topic.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard levels.first == Self.namespace else {
            throw SparkplugError(topic: topic, reason: .topic("the first level must be \(Self.namespace)"))
        }
        if levels.count == 3, levels[1] == "STATE" {
            guard !levels[2].isEmpty else { throw SparkplugError(topic: topic, reason: .topic("the host id is empty")) }
            self = .state(hostID: levels[2])
            return
        }
        guard levels.count == 4 || levels.count == 5 else {
            throw SparkplugError(topic: topic, reason: .topic("expected spBv1.0/<group>/<type>/<edge node>[/<device>]"))
        }
        guard let type = SparkplugMessageType(rawValue: levels[2]) else {
            throw SparkplugError(topic: topic, reason: .topic("unknown message type '\(levels[2])'"))
        }
        guard type.namesDevice == (levels.count == 5) else {
            throw SparkplugError(topic: topic, reason: .topic(type.namesDevice ? "\(type.rawValue) needs a device level"
                                                                               : "\(type.rawValue) has no device level"))
        }
        guard levels.allSatisfy({ !$0.isEmpty }) else {
            throw SparkplugError(topic: topic, reason: .topic("a level is empty"))
        }
        self = .edge(type, SparkplugSource(group: levels[1], node: levels[3], device: levels.count == 5 ? levels[4] : nil))
    }

    /// The topic's text.
    package var text: String {
        switch self {
        case .edge(let type, let source):
            var text = "\(Self.namespace)/\(source.group)/\(type.rawValue)/\(source.node)"
            if let device = source.device { text += "/" + device }
            return text
        case .state(let hostID):
            return "\(Self.namespace)/STATE/\(hostID)"
        }
    }

    /// The filter for every message of the edge nodes `node` (a name or `+`) of `group`.
    package static func filter(group: String, node: String) -> String {
        "\(namespace)/\(group)/+/\(node)/#"
    }
}
