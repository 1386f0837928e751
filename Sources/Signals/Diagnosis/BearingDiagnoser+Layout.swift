extension BearingDiagnoser {
    /// The bands and bins analysed for one block size and sample rate.
    struct Layout: Sendable {
        /// A run of spectrum bins demodulated together, and the points of its envelope.
        struct Band: Sendable, Hashable {
            var first: Int
            var count: Int
            /// A power of two of at least twice `count`: the envelope is sampled at twice the band's width.
            var points: Int
        }

        /// Dyadic levels of the kurtogram: level L splits 0…Nyquist into 2^L bands.
        static let levels = 1...4

        let size: Int
        let sampleRate: Double
        let candidates: [Band]
        /// Envelope spectrum bins kept: up to the highest line and its floor.
        let bins: Int

        init(spectrum: Spectrum, lines: DefectLines, band: ClosedRange<Double>?) {
            size = spectrum.size
            sampleRate = spectrum.sampleRate
            let resolution = spectrum.resolution
            let half = spectrum.size / 2
            var candidates: [Band] = []
            if let band {
                let first = Int(binClamping: (band.lowerBound / resolution).rounded(.up), to: 1...half)
                let last = Int(binClamping: (band.upperBound / resolution).rounded(.down), to: 0...(half - 1))
                if last > first {
                    let count = last - first + 1
                    var points = 4
                    while points < 2 * count { points *= 2 }
                    candidates.append(Band(first: first, count: count, points: points))
                }
            } else {
                // Bands well above the lines (so the envelope carries them) and at least as wide as they reach.
                for level in Self.levels {
                    let width = half >> level
                    guard width >= 8 else { break }
                    for index in 0..<(1 << level) {
                        let first = index * width
                        guard Double(first) * resolution >= 2 * lines.top, Double(width) * resolution >= lines.top else {
                            continue
                        }
                        candidates.append(Band(first: first, count: width, points: 2 * width))
                    }
                }
            }
            self.candidates = candidates
            let narrowest = candidates.map { $0.points / 2 }.min() ?? 0
            bins = min(Int(binClamping: lines.top / resolution, to: 0...half) + 4, narrowest)
        }
    }
}
