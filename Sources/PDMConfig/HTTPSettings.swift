import AlarmEngine

/// The HTTP API and console of `pdm run` (`http:` in alarms.yaml).
public struct HTTPSettings: Sendable, Hashable {
    /// Who a bearer token stands for.
    public struct Grant: Sendable, Hashable {
        public var user: String
        public var role: Role

        public init(user: String, role: Role) {
            self.user = user
            self.role = role
        }
    }

    /// Whether `pdm run` serves HTTP: when alarms.yaml has an `http` section (unless it says
    /// `enabled: false`).
    public var enabled: Bool = false
    public var host: String = "127.0.0.1"
    public var port: Int = 8480
    /// Bearer tokens, and the user and role each one stands for (every action is journaled with
    /// the user). Tokens come from the environment. With any token set, every read needs one too.
    public var tokens: [String: Grant] = [:]
    /// Connections served at once; further ones wait in the listen backlog until one closes.
    public var maxConnections: Int = 256
    /// Seconds a connection may stay without a complete request head (a slow or silent client),
    /// counted from its opening or from the end of the previous answer.
    public var idleTimeout: Double = 15
    /// Largest request head (request line and header fields), in bytes; a larger one gets 431.
    public var maxHeaderBytes: Int = 32 * 1024
    /// Largest request body, in bytes; a larger one gets 413.
    public var maxBodyBytes: Int = 64 * 1024

    public init() {}

    /// The user and role a bearer token stands for.
    public func grant(forToken token: String) -> Grant? {
        tokens[token]
    }
}
