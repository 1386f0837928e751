/// A named receiver of notifications (`receivers:` in alarms.yaml). Delivery details are read
/// as given and used by the notifiers.
public struct ReceiverSettings: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Publishes on pdm's MQTT alarm topics (consoles, SCADA).
        case mqtt
        /// Calls an HTTP endpoint (ticketing, CMMS, paging).
        case webhook
        /// Writes to pdm's log.
        case log
    }

    public var name: String
    public var kind: Kind
    public var url: String?
    public var headers: [String: String]

    public init(name: String, kind: Kind, url: String? = nil, headers: [String: String] = [:]) {
        self.name = name
        self.kind = kind
        self.url = url
        self.headers = headers
    }
}
