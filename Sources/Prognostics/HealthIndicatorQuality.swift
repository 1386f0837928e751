import RealModule

/// Monotonicity, prognosability and trendability of health-indicator trajectories (Coble and
/// Hines), each between 0 and 1, higher is better. Trajectories are smoothed by a trailing mean
/// first, so sensor noise does not hide the trend.
package struct HealthIndicatorQuality: Sendable, Hashable {
    package var monotonicity: Double
    package var prognosability: Double
    package var trendability: Double

    /// Steps of the trailing mean applied before measuring.
    package static let smoothing = 10

    package init(trajectories: [[Double]]) {
        let smoothed = trajectories.filter { $0.count >= 2 }.map { Self.trailingMean($0, Self.smoothing) }
        guard !smoothed.isEmpty else {
            self.monotonicity = 0
            self.prognosability = 0
            self.trendability = 0
            return
        }
        var monotonicity = 0.0
        for trajectory in smoothed {
            var up = 0, down = 0
            for (previous, next) in zip(trajectory, trajectory.dropFirst()) {
                if next > previous { up += 1 } else if next < previous { down += 1 }
            }
            monotonicity += abs(Double(up - down)) / Double(trajectory.count - 1)
        }
        self.monotonicity = monotonicity / Double(smoothed.count)

        let finals = smoothed.compactMap(\.last)
        let meanFinal = finals.reduce(0, +) / Double(finals.count)
        let spread = (finals.map { ($0 - meanFinal) * ($0 - meanFinal) }.reduce(0, +) / Double(finals.count)).squareRoot()
        let travel = smoothed.map { abs(($0.last ?? 0) - ($0.first ?? 0)) }.reduce(0, +) / Double(smoothed.count)
        self.prognosability = travel > 0 ? Double.exp(-spread / travel) : 0

        let length = 100
        let resampled = smoothed.map { Self.resample($0, to: length) }
        var trendability = 1.0
        for i in resampled.indices {
            for j in resampled.indices where j > i {
                trendability = min(trendability, abs(Self.correlation(resampled[i], resampled[j])))
            }
        }
        self.trendability = resampled.count > 1 ? trendability : 1
    }

    static func trailingMean(_ values: [Double], _ width: Int) -> [Double] {
        var result: [Double] = []
        result.reserveCapacity(values.count)
        var sum = 0.0
        for index in values.indices {
            sum += values[index]
            if index >= width { sum -= values[index - width] }
            result.append(sum / Double(min(index + 1, width)))
        }
        return result
    }

    static func resample(_ values: [Double], to count: Int) -> [Double] {
        (0..<count).map { k in
            let position = Double(k) / Double(count - 1) * Double(values.count - 1)
            let low = Int(position.rounded(.down))
            let high = min(low + 1, values.count - 1)
            return values[low] + (values[high] - values[low]) * (position - Double(low))
        }
    }

    /// Pearson correlation; 0 when either side is constant.
    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : 0
    }
}
