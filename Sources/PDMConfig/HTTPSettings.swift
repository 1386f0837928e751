/// The HTTP API and console of `pdm run` (`http:` in alarms.yaml).
public struct HTTPSettings: Sendable, Hashable {
    /// Whether `pdm run` serves HTTP: when alarms.yaml has an `http` section (unless it says
    /// `enabled: false`).
    public var enabled: Bool = false
    public var host: String = "127.0.0.1"
    public var port: Int = 8480
    /// Bearer tokens and the user each one acts as (mutations need one; every action is journaled
    /// with the user). Tokens come from the environment.
    public var tokens: [String: String] = [:]

    public init() {}

    /// The user a bearer token stands for.
    public func user(forToken token: String) -> String? {
        tokens[token]
    }
}
