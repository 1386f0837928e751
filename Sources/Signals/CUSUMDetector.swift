#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Two-sided tabular CUSUM against a baseline: accumulates standardised deviations beyond a slack
/// `k` and signals when either sum passes the decision limit `h` (both in standard deviations).
/// Detects small persistent shifts that a z-score threshold misses.
package struct CUSUMDetector: Sendable, Hashable {
    package let baseline: Baseline
    package let slack: Double
    package let limit: Double
    package private(set) var upper = 0.0
    package private(set) var lower = 0.0

    package init(baseline: Baseline, slack: Double = 0.5, limit: Double = 5) {
        self.baseline = baseline
        self.slack = slack
        self.limit = limit
    }

    /// The anomaly score after `value`: the larger sum over the limit (≥ 1 means a shift).
    package mutating func update(_ value: Double) -> Double {
        update(standardised: baseline.zScore(value))
        return max(upper, lower) / limit
    }

    /// Adds a reading already standardised against the baseline (`z`, in standard deviations).
    package mutating func update(standardised z: Double) {
        upper = max(0, upper + z - slack)
        lower = max(0, lower - z - slack)
    }

    /// The decision limit (in standard deviations) that gives one-sided CUSUM with `slack` an
    /// average run length of `runLength` readings between false alarms on in-control data
    /// (Siegmund's approximation: ARL = (e^{2kb} − 2kb − 1) / 2k², b = h + 1.166).
    package static func limit(slack: Double, runLength: Double) -> Double {
        let k = max(slack, 1e-3)
        let target = max(runLength, 2) * 2 * k * k
        // Solve e^x − x − 1 = target for x = 2kb by Newton from above.
        var x = max(log(target + 1) + 1, 1)
        for _ in 0..<50 {
            let step = (exp(x) - x - 1 - target) / (exp(x) - 1)
            x -= step
            if abs(step) < 1e-12 { break }
        }
        return max(x / (2 * k) - 1.166, 0.5)
    }

    package mutating func reset() {
        upper = 0
        lower = 0
    }
}
