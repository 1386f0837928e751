/// UNSUBSCRIBE: one or more topic filters to remove.
public struct MQTTUnsubscribe: Sendable, Hashable {
    public var packetIdentifier: UInt16
    public var topicFilters: [String]
    public var properties: MQTTProperties

    public init(packetIdentifier: UInt16, topicFilters: [String], properties: MQTTProperties = []) {
        self.packetIdentifier = packetIdentifier
        self.topicFilters = topicFilters
        self.properties = properties
    }
}
