/// A learned healthy baseline of one indicator: its centre and spread.
package struct Baseline: Sendable, Hashable, Codable {
    package var mean: Double
    package var standardDeviation: Double

    package init(mean: Double, standardDeviation: Double) {
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// A baseline that a few wild readings do not move: starting from the median and the median
    /// absolute deviation (1.4826 × MAD), readings are clipped to three spreads around the centre
    /// and the mean and standard deviation of the clipped readings taken, twice (a winsorised
    /// estimate, nearly as precise as the plain mean and deviation on clean Gaussian noise). Where
    /// more than half the readings are equal the MAD is 0 and the plain deviation starts instead.
    package static func robust(_ values: [Double]) -> Baseline {
        guard !values.isEmpty else { return Baseline(mean: 0, standardDeviation: 0) }
        var centre = Self.median(values)
        var spread = 1.4826 * Self.median(values.map { abs($0 - centre) })
        if spread == 0 {
            var moments = Moments()
            for value in values { moments.add(value) }
            spread = moments.standardDeviation
        }
        guard spread > 0 else { return Baseline(mean: centre, standardDeviation: 0) }
        for _ in 0..<2 {
            var moments = Moments()
            for value in values { moments.add(min(max(value, centre - 3 * spread), centre + 3 * spread)) }
            centre = moments.mean
            // The variance of a standard normal deviate clipped at ±3 is 0.99501.
            spread = moments.standardDeviation / 0.99501.squareRoot()
        }
        return Baseline(mean: centre, standardDeviation: spread)
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// How many standard deviations `value` lies from the mean (0 for a degenerate baseline).
    package func zScore(_ value: Double) -> Double {
        standardDeviation > 0 ? (value - mean) / standardDeviation : 0
    }
}
