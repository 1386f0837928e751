import Signals
import Testing

@Suite("Anomaly detectors and streaming moments")
struct DetectorTests {
    private func noise(_ count: Int, seed: UInt64, mean: Double = 0) -> [Double] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in mean + Double.random(in: -1.7...1.7, using: &random) }  // σ ≈ 1
    }

    @Test("CUSUM stays quiet on the baseline and signals a half-sigma shift within a few dozen samples")
    func cusum() {
        var detector = CUSUMDetector(baseline: Baseline(mean: 0, standardDeviation: 1), slack: 0.5, limit: 8)
        #expect(noise(2000, seed: 1).map { detector.update($0) }.allSatisfy { $0 < 1 })
        detector.reset()
        let scores = noise(200, seed: 2, mean: 0.75).map { detector.update($0) }
        let first = scores.firstIndex { $0 >= 1 }
        #expect(first != nil && first! < 60, "signalled at \(String(describing: first))")
    }

    @Test("Page–Hinkley signals a rise of the mean and not a steady stream")
    func pageHinkley() {
        var steady = PageHinkleyDetector(delta: 0.25, threshold: 25)
        #expect(noise(3000, seed: 3).map { steady.update($0) }.allSatisfy { $0 < 1 })
        var rising = PageHinkleyDetector(delta: 0.25, threshold: 25)
        let scores = (noise(500, seed: 4) + noise(300, seed: 5, mean: 1.5)).map { rising.update($0) }
        let first = scores.firstIndex { $0 >= 1 }
        #expect(first != nil && first! >= 500 && first! < 560, "signalled at \(String(describing: first))")
    }

    @Test("moments of two halves merge into the moments of the whole")
    func chanMerge() {
        let values = noise(1001, seed: 6, mean: 1e6)
        var whole = Moments()
        var left = Moments()
        var right = Moments()
        for (index, value) in values.enumerated() {
            whole.add(value)
            if index < 400 { left.add(value) } else { right.add(value) }
        }
        let merged = left.merged(with: right)
        #expect(merged.count == whole.count)
        #expect(abs(merged.mean - whole.mean) < 1e-9)
        #expect(abs(merged.variance - whole.variance) < 1e-9)
    }

    @Test("exponential statistics follow a level change with the given half-life")
    func exponential() {
        var stats = ExponentialStatistics(halfLife: 10)
        for _ in 0..<200 { stats.add(0) }
        for _ in 0..<10 { stats.add(1) }
        #expect(abs(stats.mean - 0.5) < 1e-9)
        #expect(stats.standardDeviation > 0)
    }
}
