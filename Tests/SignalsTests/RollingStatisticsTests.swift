import Signals
import Testing

@Suite("Rolling statistics")
struct RollingStatisticsTests {
    private func exact(_ values: ArraySlice<Double>) -> (mean: Double, variance: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (mean, variance)
    }

    @Test("matches an exact computation over the window at every step")
    func matchesExact() {
        var stats = RollingStatistics(capacity: 50)
        var values: [Double] = []
        var state: UInt64 = 12345
        for step in 0..<2000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let value = 1e6 + Double(state >> 40) / 1e3 + Double(step % 7)
            values.append(value)
            stats.add(value)
            let window = values.suffix(50)
            guard window.count > 1 else { continue }
            let (mean, variance) = exact(window)
            #expect(abs(stats.mean - mean) < 1e-6)
            #expect(abs(stats.variance - variance) < 1e-6 * max(1, variance))
        }
        #expect(stats.count == 50)
    }

    @Test("minimum and maximum follow the window")
    func extremes() {
        var stats = RollingStatistics(capacity: 3)
        for value in [5.0, 1, 9, 4, 4, 4] { stats.add(value) }
        #expect(stats.minimum == 4 && stats.maximum == 4)
        #expect(stats.standardDeviation == 0)
    }
}
