import MQTTCodec

/// `sparkplug:` in alarms.yaml: pdm reads Eclipse Sparkplug B edge nodes as a host application.
package struct SparkplugSettings: Sendable, Hashable {
    /// The Sparkplug groups subscribed to.
    package var groups: [String]
    /// The edge node (or `+`, every node) subscribed to in each group.
    package var edgeNode: String = "+"
    /// How a metric's source names the asset.
    package var asset: SparkplugNameTemplate = .defaultAsset
    /// How a metric names the channel.
    package var channel: SparkplugNameTemplate = .defaultChannel
    /// QoS of the subscriptions.
    package var qos: MQTTQoS = .atMostOnce
    /// Seconds between two rebirth requests to the same edge node.
    package var rebirthInterval: Double = 10
    /// `publish:`: pdm's own edge node, publishing each asset's remaining life, health indicator
    /// and alarm states as a device's metrics; nil publishes nothing.
    package var publish: Publish?

    /// pdm as a Sparkplug B edge node.
    package struct Publish: Sendable, Hashable {
        /// The group of pdm's edge node.
        package var group: String
        /// pdm's edge node id.
        package var node: String

        package init(group: String, node: String) {
            self.group = group
            self.node = node
        }
    }

    package init(groups: [String]) {
        self.groups = groups
    }
}

/// A name made of a Sparkplug metric's coordinates: `{group}`, `{node}`, `{device}` (the edge node's
/// name for its own metrics) and `{metric}`, with any text around them.
package struct SparkplugNameTemplate: Sendable, Hashable, CustomStringConvertible {
    private enum Part: Sendable, Hashable {
        case text(String)
        case group, node, device, metric
    }

    private let parts: [Part]
    package let description: String

    /// The default asset: the device (the edge node for its own metrics).
    package static let defaultAsset = SparkplugNameTemplate(parts: [.device], description: "{device}")
    /// The default channel: the metric's name.
    package static let defaultChannel = SparkplugNameTemplate(parts: [.metric], description: "{metric}")

    private init(parts: [Part], description: String) {
        self.parts = parts
        self.description = description
    }

    /// Parses a template; the error names the unknown placeholder.
    package init(_ text: String) throws(TopicTemplateError) {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { parts.append(.text(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw TopicTemplateError(template: text, reason: "'{' without '}' in '\(text)'")
            }
            switch rest[rest.index(after: open)..<close] {
            case "group": parts.append(.group)
            case "node": parts.append(.node)
            case "device": parts.append(.device)
            case "metric": parts.append(.metric)
            case let other:
                throw TopicTemplateError(template: text, reason: "unknown placeholder '{\(other)}' (known: {group}, {node}, {device}, {metric})")
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        guard parts.contains(where: { if case .text = $0 { false } else { true } }) else {
            throw TopicTemplateError(template: text, reason: "'\(text)' has no placeholder: every metric would get the same name")
        }
        self.parts = parts
        description = text
    }

    /// The name for a metric of `device` (nil: the edge node's own metric) of `node` in `group`.
    package func render(group: String, node: String, device: String?, metric: String) -> String {
        if parts.count == 1 {
            switch parts[0] {
            case .device: return device ?? node
            case .metric: return metric
            case .text, .group, .node: break
            }
        }
        var name = ""
        for part in parts {
            switch part {
            case .text(let text): name += text
            case .group: name += group
            case .node: name += node
            case .device: name += device ?? node
            case .metric: name += metric
            }
        }
        return name
    }
}
