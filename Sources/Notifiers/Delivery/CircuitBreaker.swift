/// A receiver's circuit breaker: after `failures` consecutive failed deliveries it opens, and
/// nothing is sent to the receiver for `openFor` seconds; then a single probe is let through,
/// whose success closes it and whose failure opens it again. Time is an argument.
package struct CircuitBreaker: Sendable, Hashable {
    package enum State: Sendable, Hashable {
        case closed
        case open(until: Double)
        /// One probe is in flight.
        case halfOpen
    }

    package private(set) var state: State = .closed
    package private(set) var consecutiveFailures = 0
    package let threshold: Int
    package let openFor: Double

    package init(threshold: Int, openFor: Double) {
        self.threshold = max(threshold, 1)
        self.openFor = openFor
    }

    /// Whether a delivery may be attempted at `now`; taking the half-open probe slot when it
    /// lets one through.
    package mutating func allow(now: Double) -> Bool {
        switch state {
        case .closed: return true
        case .halfOpen: return false
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen
            return true
        }
    }

    /// Whether the breaker keeps the receiver out at `now` (without taking a probe slot).
    package func isOpen(now: Double) -> Bool {
        switch state {
        case .closed: return false
        case .halfOpen: return true
        case .open(let until): return now < until
        }
    }

    /// When the breaker lets a probe through next (nil when closed).
    package var reopensAt: Double? {
        if case .open(let until) = state { return until }
        return nil
    }

    /// A delivery succeeded.
    package mutating func recordSuccess() {
        consecutiveFailures = 0
        state = .closed
    }

    /// A delivery failed at `now`. Returns true when this failure opened the breaker.
    @discardableResult
    package mutating func recordFailure(now: Double) -> Bool {
        consecutiveFailures += 1
        switch state {
        case .halfOpen:
            state = .open(until: now + openFor)
            return true
        case .closed where consecutiveFailures >= threshold:
            state = .open(until: now + openFor)
            return true
        case .closed, .open:
            return false
        }
    }
}
