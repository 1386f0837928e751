/// Where Sparkplug metrics come from: an edge node of a group, or one of its devices.
package struct SparkplugSource: Sendable, Hashable, CustomStringConvertible {
    package var group: String
    package var node: String
    /// The device; nil for the edge node's own metrics.
    package var device: String?

    package init(group: String, node: String, device: String? = nil) {
        self.group = group
        self.node = node
        self.device = device
    }

    /// The edge node this source belongs to (itself, for a node).
    package var edgeNode: SparkplugSource { SparkplugSource(group: group, node: node) }

    package var description: String {
        "\(group)/\(node)" + (device.map { "/" + $0 } ?? "")
    }
}
