#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Judges expected lines in an envelope power spectrum against their local floor.
struct LineJudge {
    let power: [Double]
    let resolution: Double
    let lines: DefectLines

    /// The highest bin within the search width of `frequency`, and its frequency refined between bins.
    func peak(at frequency: Double) -> (index: Int, value: Double, frequency: Double, searched: ClosedRange<Int>)? {
        let count = power.count
        guard count >= 8, resolution > 0 else { return nil }
        let centre = Int(binClamping: (frequency / resolution).rounded(), to: 0...(count - 1))
        guard centre >= 2, centre <= count - 3 else { return nil }
        let reach = Int(binClamping: (max(resolution, BearingDiagnoser.relativeTolerance * frequency) / resolution).rounded(.up),
                        to: 1...count)
        let searched = max(1, centre - reach)...min(count - 2, centre + reach)
        var best = searched.lowerBound
        for bin in searched where power[bin] > power[best] { best = bin }
        // Parabola through the amplitudes of the peak and its neighbours.
        let a = power[best - 1].squareRoot(), b = power[best].squareRoot(), c = power[best + 1].squareRoot()
        let curvature = a - 2 * b + c
        let offset = curvature != 0 ? min(max((a - c) / (2 * curvature), -0.5), 0.5) : 0
        return (best, power[best], (Double(best) + offset) * resolution, searched)
    }

    /// The peak near `frequency` and the mean power of its local floor, from the median of the bins
    /// around it outside the search width (other lines there do not move it). In a spectrum averaged
    /// over `averaged` blocks of noise a bin's power over its mean follows a gamma law whose median is
    /// about (1 − 1/9m)³ (Wilson–Hilferty).
    func statistics(at frequency: Double, averaged: Double) -> (peak: Double, floor: Double, frequency: Double, searched: Int)? {
        guard let peak = peak(at: frequency) else { return nil }
        let count = power.count
        let centre = Int(binClamping: (frequency / resolution).rounded(), to: 0...(count - 1))
        let span = 2 * (lines.shaftSpeed ?? 0.15 * frequency)
        let half = max(12, Int(binClamping: (span / resolution).rounded(.up), to: 0...count))
        var floor: [Double] = []
        for bin in max(1, centre - half)..<min(count, centre + half + 1)
        where bin < peak.searched.lowerBound - 1 || bin > peak.searched.upperBound + 1 {
            floor.append(power[bin])
        }
        guard floor.count >= 8 else { return nil }
        floor.sort()
        let median = floor.count % 2 == 1 ? floor[floor.count / 2] : (floor[floor.count / 2 - 1] + floor[floor.count / 2]) / 2
        let shape = 1 - 1 / (9 * max(averaged, 1))
        let mean = median / (shape * shape * shape)
        guard mean > 0 else { return nil }
        return (peak.value, mean, peak.frequency, peak.searched.count)
    }

    /// How significant the peak near `frequency` is as evidence of `fault`, as a z-score: the chance
    /// that the highest of the searched bins of a spectrum averaged over `averaged` blocks of noise
    /// reaches it (each bin's power then follows a gamma law, taken to a normal one with the
    /// Wilson–Hilferty cube root). A peak nearer another fault's line, or a shaft harmonic, is no
    /// evidence of this one.
    func significance(at frequency: Double, fault: BearingFault, averaged: Double) -> Double? {
        guard let statistics = statistics(at: frequency, averaged: averaged) else { return nil }
        let m = max(averaged, 1)
        let ratio = statistics.peak / statistics.floor
        let cube = cbrt(ratio)
        let normal = (cube - (1 - 1 / (9 * m))) / (1 / (9 * m)).squareRoot()
        let single = Gaussian.upperTail(normal)
        let searched = Double(statistics.searched)
        let chance = single < 1e-3 ? min(1, searched * single) : 1 - Self.power(1 - single, searched)
        var z = min(max(Gaussian.upperQuantile(max(chance, 1e-300)), -3), 8)
        if let nearest = lines.nearest(to: statistics.frequency), nearest.fault != fault { z = min(z, 0) }
        return z
    }

    private static func power(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        var remaining = Int(binClamping: exponent, to: 0...1000)
        while remaining > 0 {
            result *= base
            remaining -= 1
        }
        return result
    }
}
