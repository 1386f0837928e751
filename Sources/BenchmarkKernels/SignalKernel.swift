import Signals

/// The signal work of the benchmarks, window by window as pdm does it for waveform blocks.
package struct SignalKernel {
    package enum Kind: String, Sendable, CaseIterable {
        /// RMS, peak, peak-to-peak, crest factor, skewness, kurtosis.
        case time
        /// Band energies and the envelope spectrum at two defect frequencies.
        case spectral
        /// The bearing diagnosis block by block (kurtogram, averaged envelope, line evidence), with
        /// the MFPT rig's bearing at 25 Hz.
        case diagnosis
    }

    package let kind: Kind
    package let window: Int
    private let sampleRate: Double
    private let plan: SpectralPlan
    private let bands: [ClosedRange<Double>]

    package init(kind: Kind, window: Int, sampleRate: Double) throws(SignalError) {
        self.kind = kind
        self.window = window
        self.sampleRate = sampleRate
        plan = try SpectralPlan(size: window)
        bands = (0..<8).map { index in
            let width = sampleRate / 2 / 8
            return (Double(index) * width)...(Double(index + 1) * width)
        }
    }

    /// One pass over every whole window of `samples`: the sum of what was computed (so nothing is
    /// optimised away, and runs can be compared) and, for the diagnosis, its verdict.
    package func pass(over samples: UnsafeBufferPointer<Float>) throws(SignalError) -> (checksum: Double, verdict: String?) {
        var checksum = 0.0
        var verdict: String?
        var diagnoser = BearingDiagnoser(defects: DefectFrequencies(bpfo: 81.125, bpfi: 118.875, bsf: 63.91, ftf: 14.8375),
                                         shaftSpeed: 25)
        for index in 0..<(samples.count / window) {
            let block = UnsafeBufferPointer(rebasing: samples[(index * window)..<((index + 1) * window)])
            switch kind {
            case .time:
                let indicators = try WaveformIndicators(samples: block)
                checksum += indicators.rms + indicators.kurtosis + indicators.crestFactor + indicators.skewness
                    + indicators.peakToPeak
            case .spectral:
                let spectrum = try Spectrum(samples: block, sampleRate: sampleRate, plan: plan)
                for band in bands { checksum += spectrum.bandEnergy(band) }
                let envelope = try EnvelopeSpectrum(spectrum: spectrum, band: 2000...10000, plan: plan)
                checksum += envelope.amplitude(at: 81.125) + envelope.amplitude(at: 118.875)
            case .diagnosis:
                let spectrum = try Spectrum(samples: block, sampleRate: sampleRate, plan: plan)
                let result = try diagnoser.add(spectrum)
                checksum += result.diagnosis?.evidence.values.reduce(0, +) ?? 0
                verdict = result.diagnosis?.fault.rawValue ?? "undecided"
            }
        }
        return (checksum, verdict)
    }
}
