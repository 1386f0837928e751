/// Diagnoses a rolling-element bearing from its vibration blocks, one block after another, in a way
/// that does not depend on the block size.
///
/// Each block is demodulated in the band where it is most impulsive (a kurtogram: the spectral
/// kurtosis of the complex envelope in dyadic bands above the defect frequencies, accumulated over
/// blocks) unless a band is given. The envelope's power spectrum is averaged over blocks with an
/// exponential memory. Each fault's lines (``DefectLines``) are then judged against the local floor
/// of that average: the chance that noise alone, averaged over as many blocks, gives a peak as
/// high within the search width becomes a z-score, a peak nearer another fault's line (or a shaft
/// harmonic) counts for that one instead, and the z-scores of a fault's lines combine (Stouffer)
/// into its evidence. Short blocks give lower peaks over a flatter averaged floor, long blocks
/// higher peaks over a rougher one; the evidence is a significance either way, so both reach the
/// same verdict once they hold enough signal.
package struct BearingDiagnoser: Sendable {
    /// How the diagnoser works.
    package struct Settings: Sendable, Hashable {
        /// A fixed demodulation band in Hz; nil chooses it from the signal (kurtogram).
        package var band: ClosedRange<Double>?
        /// Blocks the averaged spectrum remembers (the weight of a block halves after about 0.7 × this).
        package var memory: Double
        /// Seconds of signal needed before a bearing is called healthy.
        package var minimumSeconds: Double

        package init(band: ClosedRange<Double>? = nil, memory: Double = 64, minimumSeconds: Double = 1) {
            self.band = band
            self.memory = memory
            self.minimumSeconds = minimumSeconds
        }
    }

    /// What one block gave.
    package struct BlockResult: Sendable, Hashable {
        /// Envelope amplitude (input units) at each defect frequency in this block: `bpfo`, `bpfi`, `bsf`, `ftf`.
        package var amplitudes: [String: Double] = [:]
        /// Per defect, the amplitude of its lines over their local floor in the spectrum averaged over
        /// blocks (about 1 for noise; a peak nearer another fault's line or a shaft harmonic counts
        /// as floor).
        package var ratios: [String: Double] = [:]
        /// Median envelope amplitude of this block up to the highest line's floor.
        package var floor: Double?
        /// The verdict so far; nil until there is evidence of a fault or enough signal to call it healthy.
        package var diagnosis: BearingDiagnosis?
    }

    /// A fault's evidence (combined z-score) from which it is the verdict: noise alone reaches it
    /// about once in 300 000 judgements.
    package static let decisionLevel = 4.5
    /// Relative half-width of the search for a line: speed varies with load by a percent or two.
    package static let relativeTolerance = 0.015

    package let lines: DefectLines
    package let settings: Settings
    /// Each defect frequency by its channel name, with the fault it belongs to.
    private let defects: [(name: String, fault: BearingFault, frequency: Double)]
    private var layout: Layout?
    private var kurtosis: [Double] = []
    private var current: Int?
    private var power: [Double] = []
    private var weight = 0.0
    private var weightSquares = 0.0
    private var seconds = 0.0
    private var blocks = 0
    private var plans: [Int: SpectralPlan] = [:]

    package init(defects: DefectFrequencies, shaftSpeed: Double?, settings: Settings = Settings()) {
        lines = DefectLines(defects: defects, shaftSpeed: shaftSpeed)
        self.settings = settings
        self.defects = [("bpfo", .outerRace, defects.bpfo), ("bpfi", .innerRace, defects.bpfi), ("bsf", .ball, defects.bsf),
                        ("ftf", .cage, defects.ftf)].filter { $0.2 > 0 && $0.2.isFinite }
    }

    /// Takes one block's spectrum.
    package mutating func add(_ spectrum: Spectrum) throws(SignalError) -> BlockResult {
        if layout?.size != spectrum.size || layout?.sampleRate != spectrum.sampleRate {
            layout = Layout(spectrum: spectrum, lines: lines, band: settings.band)
            kurtosis = Array(repeating: 0, count: layout?.candidates.count ?? 0)
            current = nil
            restart()
        }
        guard let layout, !layout.candidates.isEmpty else { return BlockResult() }
        let forgetting = 1 - 1 / max(settings.memory, 1)

        // The most impulsive band so far.
        if layout.candidates.count > 1 {
            for (index, band) in layout.candidates.enumerated() {
                let magnitudes = try envelope(spectrum, band)
                kurtosis[index] = forgetting * kurtosis[index] + Self.spectralKurtosis(magnitudes)
            }
        }
        let best = kurtosis.indices.max { kurtosis[$0] < kurtosis[$1] } ?? 0
        if let chosen = current {
            if best != chosen && kurtosis[best] > 1.2 * kurtosis[chosen] {
                current = best
                restart()
            }
        } else {
            current = best
        }
        let band = layout.candidates[current ?? 0]

        // This block's envelope power spectrum, folded into the average.
        let blockPower = try envelopePower(spectrum, band, bins: layout.bins)
        if power.count != blockPower.count { power = Array(repeating: 0, count: blockPower.count) }
        for bin in power.indices { power[bin] = forgetting * power[bin] + blockPower[bin] }
        weight = forgetting * weight + 1
        weightSquares = forgetting * forgetting * weightSquares + 1
        seconds = forgetting * seconds + Double(spectrum.size) / spectrum.sampleRate
        blocks += 1

        var result = BlockResult()
        let resolution = spectrum.resolution
        let average = power.map { $0 / weight }
        let averaged = weight * weight / weightSquares
        let blockJudge = LineJudge(power: blockPower, resolution: resolution, lines: lines)
        let averageJudge = LineJudge(power: average, resolution: resolution, lines: lines)
        for (name, fault, frequency) in defects {
            if let peak = blockJudge.peak(at: frequency) { result.amplitudes[name] = peak.value.squareRoot() }
            var peaks = 0.0, floors = 0.0
            for line in lines.lines where line.fault == fault {
                guard let statistics = averageJudge.statistics(at: line.frequency, averaged: averaged) else { continue }
                let own = lines.nearest(to: statistics.frequency)?.fault == fault
                peaks += own ? statistics.peak : statistics.floor
                floors += statistics.floor
            }
            if floors > 0 { result.ratios[name] = (peaks / floors).squareRoot() }
        }
        if blockPower.count > 2 {
            let sorted = blockPower[1...].sorted()
            result.floor = sorted[sorted.count / 2].squareRoot()
        }
        result.diagnosis = verdict(average: average, averaged: averaged, lines: lines, resolution: resolution, band: band)
        return result
    }

    /// The verdict from the averaged spectrum, if one can be given yet.
    private func verdict(average: [Double], averaged: Double, lines: DefectLines, resolution: Double,
                         band: Layout.Band) -> BearingDiagnosis? {
        guard weight > 0 else { return nil }
        let judge = LineJudge(power: average, resolution: resolution, lines: lines)
        var sums: [BearingFault: (total: Double, count: Int)] = [:]
        for line in lines.lines {
            guard let fault = line.fault, let z = judge.significance(at: line.frequency, fault: fault, averaged: averaged)
            else { continue }
            sums[fault, default: (0, 0)].total += z
            sums[fault, default: (0, 0)].count += 1
        }
        var evidence: [BearingFault: Double] = [:]
        for (fault, sum) in sums where sum.count > 0 { evidence[fault] = sum.total / Double(sum.count).squareRoot() }
        let ranked = evidence.sorted { $0.value > $1.value }
        let range = Double(band.first) * resolution...Double(band.first + band.count) * resolution
        if let top = ranked.first, top.value >= Self.decisionLevel {
            let rival = max(ranked.dropFirst().first?.value ?? 0, Self.decisionLevel)
            return BearingDiagnosis(fault: top.key, confidence: 1 - Gaussian.upperTail((top.value - rival) / 2),
                                    evidence: evidence, band: range, blocks: blocks, seconds: seconds)
        }
        guard seconds >= settings.minimumSeconds else { return nil }
        let margin = Self.decisionLevel - (ranked.first?.value ?? 0)
        return BearingDiagnosis(fault: .healthy, confidence: 1 - Gaussian.upperTail(margin / 2), evidence: evidence,
                                band: range, blocks: blocks, seconds: seconds)
    }

    private mutating func restart() {
        power = []
        weight = 0
        weightSquares = 0
        seconds = 0
        blocks = 0
    }

    private mutating func plan(_ size: Int) throws(SignalError) -> SpectralPlan {
        if let known = plans[size] { return known }
        let made = try SpectralPlan(size: size)
        plans[size] = made
        return made
    }

    /// |complex envelope| of the band, sampled at `band.points` instants over the block.
    private mutating func envelope(_ spectrum: Spectrum, _ band: Layout.Band) throws(SignalError) -> [Double] {
        let fft = try plan(band.points).complex
        var real = [Double](repeating: 0, count: band.points)
        var imaginary = [Double](repeating: 0, count: band.points)
        for offset in 0..<band.count {
            real[offset] = 2 * spectrum.real[band.first + offset]
            imaginary[offset] = 2 * spectrum.imaginary[band.first + offset]
        }
        fft.inverse(real: &real, imaginary: &imaginary)
        // inverse() divides by its own size; the analytic signal of the block divides by the block's.
        let scale = Double(band.points) / Double(spectrum.size)
        var magnitudes = [Double](repeating: 0, count: band.points)
        for index in 0..<band.points {
            magnitudes[index] = scale * (real[index] * real[index] + imaginary[index] * imaginary[index]).squareRoot()
        }
        return magnitudes
    }

    /// Power (squared single-sided amplitude) of the envelope's spectrum, bins 0..<`bins`.
    private mutating func envelopePower(_ spectrum: Spectrum, _ band: Layout.Band, bins: Int) throws(SignalError)
        -> [Double]
    {
        var magnitudes = try envelope(spectrum, band)
        let mean = magnitudes.reduce(0, +) / Double(magnitudes.count)
        for index in magnitudes.indices { magnitudes[index] -= mean }
        var real: [Double] = []
        var imaginary: [Double] = []
        try plan(band.points).real.forward(magnitudes, real: &real, imaginary: &imaginary)
        let count = min(bins, real.count)
        let scale = 2 / Double(band.points)
        return (0..<count).map { bin in
            scale * scale * (real[bin] * real[bin] + imaginary[bin] * imaginary[bin])
        }
    }

    /// E|c|⁴ / (E|c|²)² − 2: 0 for Gaussian noise, large for repeated impacts.
    static func spectralKurtosis(_ magnitudes: [Double]) -> Double {
        var second = 0.0, fourth = 0.0
        for magnitude in magnitudes {
            let squared = magnitude * magnitude
            second += squared
            fourth += squared * squared
        }
        let count = Double(magnitudes.count)
        guard second > 0 else { return 0 }
        return fourth / count / ((second / count) * (second / count)) - 2
    }
}
