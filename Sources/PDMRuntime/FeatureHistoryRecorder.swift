import AlarmStore
import Signals
import Synchronization

/// Buckets every accepted reading per asset and channel for the feature history; the service
/// writes the completed buckets every few seconds.
final class FeatureHistoryRecorder: Sendable {
    private struct Key: Hashable, Sendable {
        var asset: String
        var channel: String
    }

    private struct State: Sendable {
        var bucketers: [Key: FeatureBucketer] = [:]
        var completed: [AlarmDatabase.FeatureRow] = []
    }

    private let width: Double
    private let state = Mutex(State())

    init(width: Double) {
        self.width = width
    }

    func add(_ reading: Reading) {
        let key = Key(asset: reading.asset, channel: reading.channel)
        state.withLock { state in
            var bucketer = state.bucketers[key] ?? FeatureBucketer(width: width)
            if let bucket = bucketer.add(time: reading.time, value: reading.value) {
                state.completed.append(Self.row(key, bucket))
            }
            state.bucketers[key] = bucketer
        }
    }

    /// The completed buckets so far (and, when `flushing`, the open ones too).
    func take(flushing: Bool = false) -> [AlarmDatabase.FeatureRow] {
        state.withLock { state in
            var rows = state.completed
            state.completed.removeAll()
            if flushing {
                for key in state.bucketers.keys {
                    if let bucket = state.bucketers[key]?.flush() { rows.append(Self.row(key, bucket)) }
                }
            }
            return rows
        }
    }

    private static func row(_ key: Key, _ bucket: FeatureBucketer.Bucket) -> AlarmDatabase.FeatureRow {
        AlarmDatabase.FeatureRow(asset: key.asset, channel: key.channel, bucket: bucket.start, count: bucket.count,
                                 mean: bucket.mean, minimum: bucket.minimum, maximum: bucket.maximum, last: bucket.last)
    }
}
