/// Exponential backoff with jitter between connection attempts; the attempt count resets after a CONNACK.
public struct MQTTReconnectPolicy: Sendable, Hashable {
    /// Delay before the first retry.
    public var initialDelay: Duration
    /// Upper bound of any delay.
    public var maximumDelay: Duration
    /// Growth factor per failed attempt.
    public var multiplier: Double
    /// Fraction (0...1) of each delay that is randomised away, so clients do not retry in lockstep.
    public var jitter: Double
    /// Give up after this many consecutive failed attempts (`nil`: never); `run()` then throws the last error.
    public var maximumAttempts: Int?

    public init(initialDelay: Duration = .milliseconds(200), maximumDelay: Duration = .seconds(15),
                multiplier: Double = 2, jitter: Double = 0.5, maximumAttempts: Int? = nil) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = multiplier
        self.jitter = min(max(jitter, 0), 1)
        self.maximumAttempts = maximumAttempts
    }

    /// The delay after `attempt` consecutive failures (0-based), with `random` drawn from 0..<1.
    public func delay(afterAttempt attempt: Int, random: Double) -> Duration {
        let initial = initialDelay.seconds
        let ceiling = maximumDelay.seconds
        var base = initial
        for _ in 0..<max(0, attempt) where base < ceiling { base *= multiplier }
        base = min(base, ceiling)
        return .seconds(base * (1 - jitter * min(max(random, 0), 1)))
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}

