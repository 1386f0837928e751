import AlarmStore
import Foundation
import Synchronization

/// What `/readyz` checks: the broker connection (reported by the service) and a database that
/// takes writes (the service's heartbeat is fresh).
package final class Readiness: Sendable {
    private let brokerConnected = Mutex(false)

    package init() {}

    /// The service reports its broker connection here.
    package func setBrokerConnected(_ connected: Bool) {
        brokerConnected.withLock { $0 = connected }
    }

    struct State: Encodable, Sendable {
        var ready: Bool
        var broker_connected: Bool
        var database_writable: Bool
        var heartbeat_age: Double?
    }

    func check(database: any StateStore) async -> State {
        let connected = brokerConnected.withLock { $0 }
        let beat = (try? await database.perform(.heartbeat())) ?? nil
        let age = beat.map { Date().timeIntervalSince1970 - $0.at }
        let writable = age.map { $0 < 5 } ?? false
        return State(ready: connected && writable, broker_connected: connected, database_writable: writable, heartbeat_age: age)
    }
}
