/// Count, mean and sum of squared deviations of a set of samples, mergeable: statistics of two
/// parts combine exactly into those of the whole (Chan et al.), so windows and shards can be
/// computed apart and joined.
package struct Moments: Sendable, Hashable, Codable {
    package private(set) var count = 0
    package private(set) var mean = 0.0
    /// Sum of squared deviations from the mean.
    package private(set) var m2 = 0.0

    package init() {}

    /// Welford's update.
    package mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        m2 += delta * (value - mean)
    }

    /// The moments of this set and `other` together.
    package func merged(with other: Moments) -> Moments {
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
    package var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }
    package var standardDeviation: Double { variance.squareRoot() }
}
