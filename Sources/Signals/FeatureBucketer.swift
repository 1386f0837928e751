/// Summarises a channel's readings per fixed time bucket (count, mean, minimum, maximum, last),
/// for the feature history. A bucket is complete once a reading of a later bucket arrives.
package struct FeatureBucketer: Sendable, Hashable {
    /// One complete bucket.
    package struct Bucket: Sendable, Hashable {
        /// Start of the bucket.
        package var start: Double
        package var count: Int
        package var mean: Double
        package var minimum: Double
        package var maximum: Double
        package var last: Double
    }

    package let width: Double
    private var current: Bucket?
    private var sum = 0.0
    /// The mean kept as a running average too: it stays finite where the sum of values near the
    /// largest double would not.
    private var runningMean = 0.0

    package init(width: Double) {
        precondition(width > 0, "a bucket must have a positive width")
        self.width = width
    }

    /// Adds a reading; returns the bucket it completed, if any. A reading older than the open
    /// bucket is folded into it (it is late, but still within what the bucket summarises best).
    package mutating func add(time: Double, value: Double) -> Bucket? {
        let start = (time / width).rounded(.down) * width
        var completed: Bucket?
        if let open = current, start > open.start {
            completed = finished(open)
            current = nil
        }
        if var open = current {
            open.count += 1
            sum += value
            let count = Double(open.count)
            runningMean = runningMean - runningMean / count + value / count
            open.minimum = min(open.minimum, value)
            open.maximum = max(open.maximum, value)
            open.last = value
            current = open
        } else {
            current = Bucket(start: start, count: 1, mean: value, minimum: value, maximum: value, last: value)
            sum = value
            runningMean = value
        }
        return completed
    }

    /// The open bucket, as it stands (for a shutdown).
    package mutating func flush() -> Bucket? {
        defer { current = nil }
        return current.map(finished)
    }

    private func finished(_ bucket: Bucket) -> Bucket {
        var bucket = bucket
        let mean = sum / Double(bucket.count)
        // Clamped: the running average may round a hair outside the bucket's range.
        bucket.mean = mean.isFinite ? mean : min(max(runningMean, bucket.minimum), bucket.maximum)
        return bucket
    }
}
