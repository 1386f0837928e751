#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Exponentially weighted mean and variance: recent samples count more, older ones fade with a
/// half-life of `halfLife` samples. O(1) memory.
public struct ExponentialStatistics: Sendable, Hashable {
    /// Weight of each new sample.
    public let alpha: Double
    public private(set) var mean = 0.0
    public private(set) var variance = 0.0
    public private(set) var count = 0

    public init(halfLife: Double) {
        alpha = 1 - pow(0.5, 1 / max(halfLife, 1e-9))
    }

    public mutating func add(_ value: Double) {
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

    public var standardDeviation: Double { variance.squareRoot() }
}
