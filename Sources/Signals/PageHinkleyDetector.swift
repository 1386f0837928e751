/// The Page–Hinkley test for an increase of the mean: tracks the cumulative deviation from the
/// running mean (less a tolerance `delta`) and signals when it rises `threshold` above its minimum.
/// It needs no baseline, only the stream itself.
package struct PageHinkleyDetector: Sendable, Hashable {
    package let delta: Double
    package let threshold: Double
    package private(set) var count = 0
    private var mean = 0.0
    private var cumulative = 0.0
    private var minimum = 0.0

    package init(delta: Double, threshold: Double) {
        self.delta = delta
        self.threshold = threshold
    }

    /// The anomaly score after `value`: (cumulative − its minimum) / threshold; ≥ 1 means a rise.
    package mutating func update(_ value: Double) -> Double {
        count += 1
        mean += (value - mean) / Double(count)
        cumulative += value - mean - delta
        minimum = min(minimum, cumulative)
        return threshold > 0 ? (cumulative - minimum) / threshold : 0
    }

    package mutating func reset() {
        self = PageHinkleyDetector(delta: delta, threshold: threshold)
    }
}
