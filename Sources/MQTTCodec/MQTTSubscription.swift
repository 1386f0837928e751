/// One topic filter of a SUBSCRIBE with its options.
public struct MQTTSubscription: Sendable, Hashable {
    /// How the broker sends retained messages when the subscription is made (MQTT 5).
    public enum RetainHandling: UInt8, Sendable, Hashable {
        case sendOnSubscribe = 0
        case sendOnSubscribeIfNew = 1
        case doNotSend = 2
    }

    public var topicFilter: String
    public var qos: MQTTQoS
    /// MQTT 5: do not receive one's own publications.
    public var noLocal: Bool
    /// MQTT 5: keep the retain flag as published.
    public var retainAsPublished: Bool
    public var retainHandling: RetainHandling

    public init(topicFilter: String, qos: MQTTQoS = .atLeastOnce, noLocal: Bool = false,
                retainAsPublished: Bool = false, retainHandling: RetainHandling = .sendOnSubscribe) {
        self.topicFilter = topicFilter
        self.qos = qos
        self.noLocal = noLocal
        self.retainAsPublished = retainAsPublished
        self.retainHandling = retainHandling
    }
}
