/// Least-squares slope and rate of change over the last `capacity` (time, value) samples, in value
/// units per time unit. O(1) per sample: running sums with removal, taken relative to a time origin
/// that is moved to the oldest sample (with an exact recomputation) every `capacity` samples, so
/// large absolute times (Unix seconds) do not cost precision.
package struct RollingSlope: Sendable {
    package let capacity: Int
    private var times: [Double] = []
    private var values: [Double] = []
    private var head = 0
    private var origin = 0.0
    private var sumT = 0.0
    private var sumX = 0.0
    private var sumTT = 0.0
    private var sumTX = 0.0
    private var sinceRecompute = 0

    package init(capacity: Int) {
        precondition(capacity >= 2, "a slope needs a window of at least two samples")
        self.capacity = capacity
        times.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    package var count: Int { times.count }

    package mutating func add(time: Double, value: Double) {
        if times.isEmpty { origin = time }
        let t = time - origin
        if times.count < capacity {
            times.append(time)
            values.append(value)
        } else {
            let oldT = times[head] - origin
            let oldX = values[head]
            sumT -= oldT
            sumX -= oldX
            sumTT -= oldT * oldT
            sumTX -= oldT * oldX
            times[head] = time
            values[head] = value
            head = (head + 1) % capacity
        }
        sumT += t
        sumX += value
        sumTT += t * t
        sumTX += t * value
        sinceRecompute += 1
        if sinceRecompute >= capacity { recompute() }
    }

    /// The least-squares slope, or `nil` with fewer than two samples or no spread in time.
    package var slope: Double? {
        let n = Double(times.count)
        guard times.count >= 2 else { return nil }
        let denominator = n * sumTT - sumT * sumT
        guard denominator > 1e-12 * max(1, n * sumTT) else { return nil }
        return (n * sumTX - sumT * sumX) / denominator
    }

    /// (newest − oldest value) / (newest − oldest time), or `nil` without a time span.
    package var rateOfChange: Double? {
        guard times.count >= 2 else { return nil }
        let oldest = times.count < capacity ? 0 : head
        let newest = (oldest + times.count - 1) % times.count
        let span = times[newest] - times[oldest]
        guard span > 0 else { return nil }
        return (values[newest] - values[oldest]) / span
    }

    private mutating func recompute() {
        sinceRecompute = 0
        let oldest = times.count < capacity ? 0 : head
        origin = times[oldest]
        sumT = 0
        sumX = 0
        sumTT = 0
        sumTX = 0
        for index in times.indices {
            let t = times[index] - origin
            sumT += t
            sumX += values[index]
            sumTT += t * t
            sumTX += t * values[index]
        }
    }
}
