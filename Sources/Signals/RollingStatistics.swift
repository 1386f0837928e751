/// Mean, variance, minimum and maximum over the last `capacity` samples and, for timed samples, the
/// least-squares slope and rate of change over them, in O(1) per sample (the minimum and maximum
/// scan the window).
///
/// Uses Welford's update with removal of the oldest sample, and recomputes exactly from the window
/// every `capacity` updates so rounding error cannot accumulate over a long stream. The slope's
/// running sums are taken relative to a time origin that the recomputation moves to the oldest
/// sample, so large absolute times (Unix seconds) do not cost precision. Values and times share one
/// allocation: the values as `Double`s, then the times as `Float` offsets from a base that the
/// recomputation also moves to the oldest sample, so an offset spans about two windows at most
/// (24 bits of precision over that span: microseconds over minutes).
package struct RollingStatistics: Sendable {
    package let capacity: Int
    /// Values in `0..<capacity`, then, for timed samples, their time offsets from `base`, two
    /// `Float`s per element.
    private var storage: [Double]
    private let timed: Bool
    /// What the stored time offsets count from.
    private var base = 0.0
    /// Where the next sample goes once the window is full (the oldest sample).
    private var head = 0
    private var sinceRecompute = 0
    package private(set) var count = 0
    package private(set) var mean = 0.0
    private var m2 = 0.0
    private var origin = 0.0
    private var sumT = 0.0
    private var sumX = 0.0
    private var sumTT = 0.0
    private var sumTX = 0.0

    /// - Parameter timed: samples come with times (``add(_:at:)``), and the slope and rate of
    ///   change are kept.
    package init(capacity: Int, timed: Bool = false) {
        precondition(capacity > 0, "a rolling window needs room for at least one sample")
        self.capacity = capacity
        self.timed = timed
        storage = Array(repeating: 0, count: timed ? capacity + (capacity + 1) / 2 : capacity)
    }

    /// The time of the sample at `index` of a timed window.
    private func time(at index: Int) -> Double {
        base + Double(offset(at: index))
    }

    private func offset(at index: Int) -> Float {
        storage.withUnsafeBytes { $0.load(fromByteOffset: (capacity << 3) + (index << 2), as: Float.self) }
    }

    private mutating func setTime(_ time: Double, at index: Int) {
        let offset = Float(time - base)
        let position = (capacity << 3) + (index << 2)
        storage.withUnsafeMutableBytes { $0.storeBytes(of: offset, toByteOffset: position, as: Float.self) }
    }

    /// Adds a finite sample, evicting the oldest once the window is full.
    package mutating func add(_ value: Double) {
        insert(value, time: 0)
    }

    /// Adds a finite sample taken at `time` to a timed window, evicting the oldest once it is full.
    package mutating func add(_ value: Double, at time: Double) {
        insert(value, time: time)
    }

    private mutating func insert(_ value: Double, time: Double) {
        if count == 0 {
            origin = time
            base = time
        }
        let t = time - origin
        if count < capacity {
            storage[count] = value
            if timed { setTime(time, at: count) }
            count += 1
            let delta = value - mean
            mean += delta / Double(count)
            m2 += delta * (value - mean)
        } else {
            let old = storage[head]
            storage[head] = value
            if timed {
                let oldT = self.time(at: head) - origin
                sumT -= oldT
                sumX -= old
                sumTT -= oldT * oldT
                sumTX -= oldT * old
                setTime(time, at: head)
            }
            head = (head + 1) % capacity
            let oldMean = mean
            mean += (value - old) / Double(count)
            m2 += (value - old) * (value - mean + old - oldMean)
        }
        if timed {
            sumT += t
            sumX += value
            sumTT += t * t
            sumTX += t * value
        }
        sinceRecompute += 1
        if sinceRecompute >= capacity {
            recompute()
        }
        if m2 < 0 { m2 = 0 }
    }

    /// The sample added last, nil before the first.
    package var newestValue: Double? {
        guard count > 0 else { return nil }
        return storage[count < capacity ? count - 1 : (head + capacity - 1) % capacity]
    }

    /// Sample variance (n − 1 in the denominator); 0 with fewer than two samples.
    package var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }
    package var standardDeviation: Double { variance.squareRoot() }
    package var minimum: Double? { storage[..<count].min() }
    package var maximum: Double? { storage[..<count].max() }

    /// The least-squares slope of a timed window, or `nil` with fewer than two samples or no spread
    /// in time.
    package var slope: Double? {
        guard timed, count >= 2 else { return nil }
        let n = Double(count)
        let denominator = n * sumTT - sumT * sumT
        guard denominator > 1e-12 * max(1, n * sumTT) else { return nil }
        return (n * sumTX - sumT * sumX) / denominator
    }

    /// (newest − oldest value) / (newest − oldest time) of a timed window, or `nil` without a time span.
    package var rateOfChange: Double? {
        guard timed, count >= 2 else { return nil }
        let oldest = count < capacity ? 0 : head
        let newest = (oldest + count - 1) % count
        let span = time(at: newest) - time(at: oldest)
        guard span > 0 else { return nil }
        return (storage[newest] - storage[oldest]) / span
    }

    private mutating func recompute() {
        sinceRecompute = 0
        let n = Double(count)
        let exactMean = storage[..<count].reduce(0, +) / n
        mean = exactMean
        m2 = storage[..<count].reduce(0) { $0 + ($1 - exactMean) * ($1 - exactMean) }
        guard timed else { return }
        // The times from the oldest sample on: the sums and the stored offsets both start there.
        let oldBase = base
        origin = time(at: count < capacity ? 0 : head)
        base = origin
        sumT = 0
        sumX = 0
        sumTT = 0
        sumTX = 0
        for index in 0..<count {
            setTime(oldBase + Double(offset(at: index)), at: index)
            let t = time(at: index) - origin
            sumT += t
            sumX += storage[index]
            sumTT += t * t
            sumTX += t * storage[index]
        }
    }
}
