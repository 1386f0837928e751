import AlarmStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Active/standby leadership of one shard among the instances that share a PostgreSQL store,
/// through a lease row per shard (see ``PostgresStore/acquireLease(shard:holder:seconds:)``).
///
/// A standby tries to take the lease every ``StateMachine/pollInterval``; it succeeds only once
/// the holder has let it expire (by the database's clock) or released it. The leader runs
/// `term` (its services) with a ``FencedStore`` and renews the lease every third of its length.
/// The term ends when a renewal finds the lease taken, when no renewal succeeded in time, when
/// the services stop, or at shutdown; the services are cancelled (drained at shutdown), the
/// lease released when it is still ours, and the instance is a standby again.
///
/// A lease row, not a session advisory lock: an advisory lock lives as long as the server keeps
/// the session, which a cut connection can leave open for minutes, and its loss reaches the
/// leader only when it next talks to the server. A lease has an expiry the leader can count down
/// on its own clock, so it knows it must stop before anyone else can start.
package final class LeaderElection: Service, Sendable {
    /// This instance's part in its shard.
    package enum Role: Sendable, Hashable {
        case standby
        case leader(ShardLease)
    }

    private let store: PostgresStore
    private let shard: String
    private let holder: String
    private let lease: Duration
    private let logger: Logger
    private let roleChanged: @Sendable (Role) -> Void
    private let term: @Sendable (FencedStore) async throws -> Void

    /// - Parameters:
    ///   - holder: this instance's name in the lease table.
    ///   - lease: how long a lease lasts without renewal.
    ///   - roleChanged: told when this instance becomes leader or standby.
    ///   - term: the leader's work; it must stop when its task is cancelled, and drain at a
    ///     graceful shutdown.
    package init(store: PostgresStore, shard: String, holder: String, lease: Duration, logger: Logger,
                 roleChanged: @escaping @Sendable (Role) -> Void = { _ in },
                 term: @escaping @Sendable (FencedStore) async throws -> Void) {
        self.store = store
        self.shard = shard
        self.holder = holder
        self.lease = lease
        self.logger = logger
        self.roleChanged = roleChanged
        self.term = term
    }

    private var seconds: Double { Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18 }

    package func run() async {
        let clock = ContinuousClock()
        var machine = StateMachine<ContinuousClock.Instant>(lease: lease)
        roleChanged(.standby)
        logger.notice("standing by", metadata: ["shard": "\(shard)", "instance": "\(holder)"])
        var unavailable = false
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let requestedAt = clock.now
            do {
                if let granted = try await store.acquireLease(shard: shard, holder: holder, seconds: seconds) {
                    unavailable = false
                    machine.acquired(granted, requestedAt: requestedAt)
                    await lead(granted, machine: &machine, clock: clock)
                    continue
                }
                unavailable = false
            } catch {
                if !unavailable { logger.error("cannot reach the lease table; standing by", metadata: ["error": "\(error)"]) }
                unavailable = true
            }
            try? await Task.sleep(for: machine.pollInterval)
        }
    }

    /// One term: the services run while the lease is renewed; returns once they have stopped.
    private func lead(_ granted: ShardLease, machine: inout StateMachine<ContinuousClock.Instant>,
                      clock: ContinuousClock) async {
        logger.notice("leading the shard", metadata: ["shard": "\(shard)", "term": "\(granted.epoch)", "instance": "\(holder)"])
        roleChanged(.leader(granted))
        let events = TermEvents()
        let fenced = FencedStore(store: store, lease: granted)
        // Unstructured, so a statement stuck on a dead connection never holds the term open:
        // the deadline below ends it all the same.
        let services = Task { [term, logger] in
            do {
                try await term(fenced)
            } catch {
                logger.error("the leader's services failed", metadata: ["error": "\(error)"])
            }
            events.state.withLock { $0.termEnded = true }
        }
        let renewals = Task { [store, lease, seconds, logger] in
            while (try? await Task.sleep(for: lease / 3)) != nil {
                let requestedAt = clock.now
                do {
                    if try await store.renewLease(granted, seconds: seconds) {
                        events.state.withLock { $0.renewedAt = max($0.renewedAt ?? requestedAt, requestedAt) }
                    } else {
                        events.state.withLock { $0.refused = true }
                        return
                    }
                } catch {
                    logger.warning("lease not renewed", metadata: ["shard": "\(granted.shard)", "error": "\(error)"])
                }
            }
        }
        var reason: StepDown?
        while reason == nil {
            let seen = events.state.withLock { $0 }
            if let renewedAt = seen.renewedAt { machine.renewed(requestedAt: renewedAt) }
            reason = machine.check(now: clock.now, refused: seen.refused, termEnded: seen.termEnded,
                                   shuttingDown: Task.isShuttingDownGracefully)
            if reason == nil {
                let wake = min(machine.deadline ?? clock.now, clock.now.advanced(by: .milliseconds(50)))
                try? await Task.sleep(until: wake, clock: clock)
            }
        }
        let stepDown = reason ?? .shutdown
        if stepDown == .shutdown {
            // The services drain (they saw the graceful shutdown too) while the lease is renewed;
            // should renewals fail for too long, they are cancelled like any other step-down.
            while !events.state.withLock({ $0.termEnded }) {
                let seen = events.state.withLock { $0 }
                if let renewedAt = seen.renewedAt { machine.renewed(requestedAt: renewedAt) }
                if seen.refused || clock.now >= (machine.deadline ?? clock.now) { services.cancel() }
                try? await Task.sleep(for: .milliseconds(20))
            }
        } else {
            logger.warning("stepping down", metadata: ["shard": "\(shard)", "term": "\(granted.epoch)", "reason": "\(stepDown)"])
            services.cancel()
            let giveUp = clock.now.advanced(by: lease * 2)
            while !events.state.withLock({ $0.termEnded }) {
                if clock.now >= giveUp {
                    // Services that ignore cancellation would act without a lease: better to stop.
                    logger.critical("the leader's services did not stop; exiting", metadata: ["shard": "\(shard)"])
                    exit(70)
                }
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        renewals.cancel()
        if stepDown != .lost {
            // Bounded: with the database out of reach the lease expires by itself anyway.
            do {
                try await store.releaseLease(granted, within: lease / 2)
            } catch {
                logger.warning("lease not released; it expires by itself", metadata: ["shard": "\(shard)", "error": "\(error)"])
            }
        }
        machine.stepped()
        roleChanged(.standby)
        logger.notice(stepDown == .shutdown ? "left the shard" : "standing by",
                      metadata: ["shard": "\(shard)", "term": "\(granted.epoch)"])
        if stepDown != .shutdown {
            // A pause before trying again, so a failing term does not spin.
            try? await Task.sleep(for: machine.pollInterval * 4)
        }
    }

    /// What the renewals and the services report to the term's loop.
    private final class TermEvents: Sendable {
        struct Seen: Sendable {
            var renewedAt: ContinuousClock.Instant?
            var refused = false
            var termEnded = false
        }

        let state = Mutex(Seen())
    }
}
