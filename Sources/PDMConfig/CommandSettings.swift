/// Who may give operator commands over MQTT (`commands:` in alarms.yaml).
package struct CommandSettings: Sendable, Hashable {
    /// How commands on `<prefix>/commands/<action>` are trusted.
    package enum MQTTAccess: String, Sendable, Hashable, CaseIterable {
        /// Any client the broker lets publish there: the broker's ACL decides (see docs/topics-and-payloads.md), the
        /// payload names the user.
        case trusted
        /// Each command carries a `token` from `http.tokens`; its user and role apply.
        case token
        /// pdm does not subscribe to the command topic.
        case off
    }

    package var mqtt: MQTTAccess = .trusted

    package init() {}
}
