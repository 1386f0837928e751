import PDMConfig

/// When a failed notification is tried again: exponential backoff with jitter, so that many
/// notifications failing together do not return together.
package struct RetrySchedule: Sendable, Hashable {
    package var settings: ReceiverSettings.Retry

    package init(_ settings: ReceiverSettings.Retry) {
        self.settings = settings
    }

    /// The wait after the `attempt`-th failed attempt (1 for the first), before jitter.
    package func baseDelay(afterAttempt attempt: Int) -> Double {
        let exponent = Double(min(max(attempt - 1, 0), 60))
        return min(settings.initial * Double.pow2(exponent), settings.maximum)
    }

    /// The wait after the `attempt`-th failure: the base delay with up to `jitter` of it taken off
    /// (`unit` is a random number in 0..<1). A receiver's `Retry-After` is honoured when longer.
    package func delay(afterAttempt attempt: Int, unit: Double, retryAfter: Double? = nil) -> Double {
        let base = baseDelay(afterAttempt: attempt)
        let jittered = base * (1 - settings.jitter * min(max(unit, 0), 1))
        return max(jittered, min(retryAfter ?? 0, settings.maximum))
    }

    /// Whether the `attempt`-th failure is the last one allowed.
    package func isExhausted(afterAttempt attempt: Int) -> Bool { attempt >= settings.maxAttempts }
}

extension Double {
    static func pow2(_ exponent: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(exponent) { result *= 2 }
        return result
    }
}
