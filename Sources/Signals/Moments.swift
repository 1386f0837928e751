/// Count, mean and sum of squared deviations of a set of samples, mergeable: statistics of two
/// parts combine exactly into those of the whole (Chan et al.), so windows and shards can be
/// computed apart and joined.
public struct Moments: Sendable, Hashable, Codable {
    public private(set) var count = 0
    public private(set) var mean = 0.0
    /// Sum of squared deviations from the mean.
    public private(set) var m2 = 0.0

    public init() {}

    /// Welford's update.
    public mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        m2 += delta * (value - mean)
    }

    /// The moments of this set and `other` together.
    public func merged(with other: Moments) -> Moments {
        guard other.count > 0 else { return self }
        guard count > 0 else { return other }
        var result = Moments()
        let total = count + other.count
        let delta = other.mean - mean
        result.count = total
        result.mean = mean + delta * Double(other.count) / Double(total)
        result.m2 = m2 + other.m2 + delta * delta * Double(count) * Double(other.count) / Double(total)
        return result
    }

    /// Sample variance (n − 1); 0 with fewer than two samples.
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }
    public var standardDeviation: Double { variance.squareRoot() }
}
