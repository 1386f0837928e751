import AlarmStore
import Foundation
import Synchronization

/// What `/readyz` checks: the broker connection (reported by the service) and a database that
/// takes writes (the service's heartbeat is fresh). In a cluster it also says whether this
/// instance leads its shard or stands by; a standby is ready when the store answers.
package final class Readiness: Sendable {
    /// An instance's part in its shard.
    package enum Role: String, Sendable, Hashable {
        case leader
        case standby
    }

    private struct Reported: Sendable {
        var brokerConnected = false
        var shard: String?
        var role: Role?
        var term: Int64?
    }

    private let reported = Mutex(Reported())

    package init() {}

    /// The service reports its broker connection here.
    package func setBrokerConnected(_ connected: Bool) {
        reported.withLock { $0.brokerConnected = connected }
    }

    /// A cluster member reports its shard and part here (`term`: the leader's).
    package func setRole(_ role: Role, shard: String, term: Int64? = nil) {
        reported.withLock {
            $0.role = role
            $0.shard = shard
            $0.term = role == .leader ? term : nil
            if role == .standby { $0.brokerConnected = false }
        }
    }

    struct State: Encodable, Sendable {
        var ready: Bool
        var broker_connected: Bool
        var database_writable: Bool
        var heartbeat_age: Double?
        var role: String?
        var shard: String?
        var term: Int64?
    }

    func check(database: any StateStore) async -> State {
        let now = reported.withLock { $0 }
        switch now.role {
        case .standby:
            // No broker connection and no heartbeat of its own: ready to serve reads and to take
            // over while the store answers.
            let reachable = (try? await database.perform(.count(.alarm))) != nil
            return State(ready: reachable, broker_connected: false, database_writable: reachable, heartbeat_age: nil,
                         role: Role.standby.rawValue, shard: now.shard)
        case .leader:
            // A leader renews its lease well within the lease, by a write, or steps down: leading
            // means the store took its writes; it must still answer now.
            let reachable = (try? await database.perform(.count(.alarm))) != nil
            return State(ready: now.brokerConnected && reachable, broker_connected: now.brokerConnected,
                         database_writable: reachable, heartbeat_age: nil, role: Role.leader.rawValue, shard: now.shard,
                         term: now.term)
        case nil:
            let beat = (try? await database.perform(.heartbeat())) ?? nil
            let age = beat.map { Date().timeIntervalSince1970 - $0.at }
            let writable = age.map { $0 < 5 } ?? false
            return State(ready: now.brokerConnected && writable, broker_connected: now.brokerConnected,
                         database_writable: writable, heartbeat_age: age, role: nil, shard: nil, term: nil)
        }
    }
}
