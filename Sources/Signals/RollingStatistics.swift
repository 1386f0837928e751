/// Mean, variance, minimum and maximum over the last `capacity` samples, in O(1) per sample.
///
/// Uses Welford's update with removal of the oldest sample, and recomputes exactly from the window
/// every `capacity` updates so rounding error cannot accumulate over a long stream.
package struct RollingStatistics: Sendable {
    package let capacity: Int
    private var window: [Double]
    private var head = 0
    private var sinceRecompute = 0
    package private(set) var count = 0
    package private(set) var mean = 0.0
    private var m2 = 0.0

    package init(capacity: Int) {
        precondition(capacity > 0, "a rolling window needs room for at least one sample")
        self.capacity = capacity
        self.window = []
        window.reserveCapacity(capacity)
    }

    /// Adds a finite sample, evicting the oldest once the window is full.
    package mutating func add(_ value: Double) {
        if window.count < capacity {
            window.append(value)
            count += 1
            let delta = value - mean
            mean += delta / Double(count)
            m2 += delta * (value - mean)
        } else {
            let old = window[head]
            window[head] = value
            head = (head + 1) % capacity
            let oldMean = mean
            mean += (value - old) / Double(count)
            m2 += (value - old) * (value - mean + old - oldMean)
        }
        sinceRecompute += 1
        if sinceRecompute >= capacity {
            recompute()
        }
        if m2 < 0 { m2 = 0 }
    }

    /// Sample variance (n − 1 in the denominator); 0 with fewer than two samples.
    package var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }
    package var standardDeviation: Double { variance.squareRoot() }
    package var minimum: Double? { window.min() }
    package var maximum: Double? { window.max() }

    private mutating func recompute() {
        sinceRecompute = 0
        let n = Double(window.count)
        let exactMean = window.reduce(0, +) / n
        mean = exactMean
        m2 = window.reduce(0) { $0 + ($1 - exactMean) * ($1 - exactMean) }
    }
}
