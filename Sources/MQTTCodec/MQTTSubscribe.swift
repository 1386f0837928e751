/// SUBSCRIBE: one or more topic filters.
public struct MQTTSubscribe: Sendable, Hashable {
    public var packetIdentifier: UInt16
    public var subscriptions: [MQTTSubscription]
    public var properties: MQTTProperties

    public init(packetIdentifier: UInt16, subscriptions: [MQTTSubscription], properties: MQTTProperties = []) {
        self.packetIdentifier = packetIdentifier
        self.subscriptions = subscriptions
        self.properties = properties
    }
}
