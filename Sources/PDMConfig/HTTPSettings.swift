import AlarmEngine

/// The HTTP API and console of `pdm run` (`http:` in alarms.yaml).
package struct HTTPSettings: Sendable, Hashable {
    /// Who a bearer token stands for.
    package struct Grant: Sendable, Hashable {
        package var user: String
        package var role: Role

        package init(user: String, role: Role) {
            self.user = user
            self.role = role
        }
    }

    /// Whether `pdm run` serves HTTP: when alarms.yaml has an `http` section (unless it says
    /// `enabled: false`).
    package var enabled: Bool = false
    package var host: String = "127.0.0.1"
    package var port: Int = 8480
    /// Bearer tokens, and the user and role each one stands for (every action is journaled with
    /// the user). Tokens come from the environment. With any token set, every read needs one too.
    package var tokens: [String: Grant] = [:]
    /// Connections served at once; further ones wait in the listen backlog until one closes.
    package var maxConnections: Int = 256
    /// Seconds a connection may stay without a complete request head (a slow or silent client),
    /// counted from its opening or from the end of the previous answer.
    package var idleTimeout: Double = 15
    /// Largest request head (request line and header fields), in bytes; a larger one gets 431.
    package var maxHeaderBytes: Int = 32 * 1024
    /// Largest request body, in bytes; a larger one gets 413.
    package var maxBodyBytes: Int = 64 * 1024

    package init() {}

    /// The user and role a bearer token stands for.
    package func grant(forToken token: String) -> Grant? {
        tokens[token]
    }
}
