#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Exponentially weighted mean and variance: recent samples count more, older ones fade with a
/// half-life of `halfLife` samples. O(1) memory.
package struct ExponentialStatistics: Sendable, Hashable {
    /// Weight of each new sample.
    package let alpha: Double
    package private(set) var mean = 0.0
    package private(set) var variance = 0.0
    package private(set) var count = 0

    package init(halfLife: Double) {
        alpha = 1 - pow(0.5, 1 / max(halfLife, 1e-9))
    }

    package mutating func add(_ value: Double) {
        count += 1
        if count == 1 {
            mean = value
            variance = 0
            return
        }
        let delta = value - mean
        mean += alpha * delta
        variance = (1 - alpha) * (variance + alpha * delta * delta)
    }

    package var standardDeviation: Double { variance.squareRoot() }
}
