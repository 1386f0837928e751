extension LeaderElection {
    /// Why a term ends.
    package enum StepDown: Sendable, Hashable, CustomStringConvertible {
        /// Another instance holds the lease now (a renewal found the term over).
        case lost
        /// No renewal succeeded in time: the lease may expire for the others at any moment.
        case expired
        /// The leader's services stopped by themselves (a failure, or the broker's stream ended).
        case termEnded
        /// The process is shutting down.
        case shutdown

        package var description: String {
            switch self {
            case .lost: "another instance took the shard"
            case .expired: "the lease was not renewed in time"
            case .termEnded: "the leader's services stopped"
            case .shutdown: "shutting down"
            }
        }
    }

    /// The election, as decisions on the instance's monotonic clock; pure, so every ordering of
    /// renewals, refusals and time is testable.
    ///
    /// A lease the database grants at its time `t` lasts until `t + ttl`. The instance counts
    /// from the moment it *sent* the statement, which is before `t`, and stops acting a margin
    /// (a quarter of the lease) earlier still: it has stopped before any other instance can find
    /// the lease expired, as long as the two clocks' rates differ by less than the margin.
    package struct StateMachine<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
        package enum State: Sendable {
            case standby
            /// Leading in `lease`'s term; acting is allowed until `actUntil`.
            case leading(ShardLease, actUntil: Instant)
            /// The term is ending; its services are being stopped.
            case steppingDown(ShardLease, because: StepDown)
        }

        package private(set) var state: State = .standby
        package let lease: Duration

        package init(lease: Duration) {
            self.lease = lease
        }

        /// How long before the database's expiry the leader stops acting.
        package var margin: Duration { lease / 4 }

        /// Between renewals.
        package var renewalInterval: Duration { lease / 3 }

        /// Between a standby's attempts to take the shard.
        package var pollInterval: Duration { max(min(lease / 8, .seconds(1)), .milliseconds(100)) }

        /// The lease was granted to a request sent at `requestedAt`.
        package mutating func acquired(_ granted: ShardLease, requestedAt: Instant) {
            state = .leading(granted, actUntil: requestedAt.advanced(by: lease - margin))
        }

        /// A renewal sent at `requestedAt` succeeded.
        package mutating func renewed(requestedAt: Instant) {
            guard case .leading(let current, let until) = state else { return }
            let extended = requestedAt.advanced(by: lease - margin)
            if extended > until { state = .leading(current, actUntil: extended) }
        }

        /// Whether the term goes on at `now`; the reason when it must end (the state is then
        /// stepping down). `refused`: a renewal found the term over; `termEnded`: the services
        /// stopped; `shuttingDown`: the process is stopping.
        package mutating func check(now: Instant, refused: Bool = false, termEnded: Bool = false,
                                    shuttingDown: Bool = false) -> StepDown? {
            guard case .leading(let current, let until) = state else {
                if case .steppingDown(_, let reason) = state { return reason }
                return nil
            }
            let reason: StepDown? = refused ? .lost : now >= until ? .expired : termEnded ? .termEnded
                : shuttingDown ? .shutdown : nil
            if let reason { state = .steppingDown(current, because: reason) }
            return reason
        }

        /// When the term must be checked next at the latest (its deadline to act).
        package var deadline: Instant? {
            if case .leading(_, let until) = state { return until }
            return nil
        }

        /// The term's services have stopped.
        package mutating func stepped() {
            state = .standby
        }
    }
}
