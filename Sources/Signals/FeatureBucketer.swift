/// Summarises a channel's readings per fixed time bucket (count, mean, minimum, maximum, last),
/// for the feature history. A bucket is complete once a reading of a later bucket arrives.
public struct FeatureBucketer: Sendable, Hashable {
    /// One complete bucket.
    public struct Bucket: Sendable, Hashable {
        /// Start of the bucket.
        public var start: Double
        public var count: Int
        public var mean: Double
        public var minimum: Double
        public var maximum: Double
        public var last: Double
    }

    public let width: Double
    private var current: Bucket?
    private var sum = 0.0

    public init(width: Double) {
        precondition(width > 0, "a bucket must have a positive width")
        self.width = width
    }

    /// Adds a reading; returns the bucket it completed, if any. A reading older than the open
    /// bucket is folded into it (it is late, but still within what the bucket summarises best).
    public mutating func add(time: Double, value: Double) -> Bucket? {
        let start = (time / width).rounded(.down) * width
        var completed: Bucket?
        if let open = current, start > open.start {
            completed = finished(open)
            current = nil
        }
        if var open = current {
            open.count += 1
            sum += value
            open.minimum = min(open.minimum, value)
            open.maximum = max(open.maximum, value)
            open.last = value
            current = open
        } else {
            current = Bucket(start: start, count: 1, mean: value, minimum: value, maximum: value, last: value)
            sum = value
        }
        return completed
    }

    /// The open bucket, as it stands (for a shutdown).
    public mutating func flush() -> Bucket? {
        defer { current = nil }
        return current.map(finished)
    }

    private func finished(_ bucket: Bucket) -> Bucket {
        var bucket = bucket
        bucket.mean = sum / Double(bucket.count)
        return bucket
    }
}
