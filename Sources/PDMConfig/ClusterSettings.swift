/// `cluster:` in alarms.yaml: this instance's shard, when several pdm instances share one
/// PostgreSQL database and one broker.
///
/// A shard is a set of subscriptions (a site, an area, a topic subtree). The instances of one
/// shard form an active/standby group: the one holding the shard's lease subscribes, runs the
/// engine and delivers the outbox; the others serve reads and wait to take over.
package struct ClusterSettings: Sendable {
    /// The shard this instance belongs to.
    package var shard: String
    /// This instance's name in the lease table; by default the host name and process id.
    package var instance: String?
    /// Seconds a lease lasts without renewal: a standby takes the shard at most this long after
    /// its leader died. The leader renews it every third of that, and stops acting once a
    /// quarter of it is left without a renewal.
    package var lease: Double = 4
    /// Every shard's subscriptions, by shard name; empty when the top-level `subscriptions:` are
    /// this shard's.
    package var shards: [String: [SubscriptionSettings]] = [:]

    package init(shard: String) {
        self.shard = shard
    }

    /// The MQTT client id every instance of the shard connects with: one persistent session
    /// per shard, which the broker keeps (queuing QoS 1/2 readings) while leadership passes.
    package func clientIdentifier(base: String) -> String {
        "\(base)-\(shard)"
    }

    /// Shard names: letters, digits, `-`, `_` and `.`, up to 64 characters.
    package static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
                                                              || $0 == "-" || $0 == "_" || $0 == ".") }
    }
}
