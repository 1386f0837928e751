/// Computes ``WaveformFeatures`` of blocks for one ``WaveformAnalysis``, keeping the transform plans
/// of the block sizes it has seen so that steady streams never rebuild them, and each channel's
/// bearing diagnosis, which gathers evidence over the blocks.
package struct WaveformAnalyzer: Sendable {
    package let analysis: WaveformAnalysis
    private var plans: [Int: SpectralPlan] = [:]
    private var diagnosers: [String: BearingDiagnoser] = [:]

    package init(analysis: WaveformAnalysis) {
        self.analysis = analysis
    }

    /// The features of one block of finite samples at `sampleRate` Hz, of `channel` (whose bearing
    /// diagnosis the block adds to).
    package mutating func analyze(_ samples: [Float], sampleRate: Double, channel: String = "") throws(SignalError)
        -> WaveformFeatures
    {
        guard sampleRate.isFinite, sampleRate > 0 else { throw .invalidSampleRate(sampleRate) }
        let indicators = try WaveformIndicators(samples: samples)
        guard indicators.rms.isFinite, indicators.kurtosis.isFinite, indicators.skewness.isFinite,
              indicators.crestFactor.isFinite, indicators.peakToPeak.isFinite else {
            throw .overflow(peak: indicators.peak)
        }
        var features = WaveformFeatures(indicators: indicators, velocityRMS: nil, zone: nil, bandEnergies: [:],
                                        defectAmplitudes: [:], envelopeNoiseFloor: nil, spectralSamples: 0)
        guard samples.count >= WaveformAnalysis.minimumSpectralSamples else { return features }
        let size = 1 << (Int.bitWidth - 1 - samples.count.leadingZeroBitCount)
        let plan: SpectralPlan
        if let known = plans[size] {
            plan = known
        } else {
            plan = try SpectralPlan(size: size)
            plans[size] = plan
        }
        let result = samples.withUnsafeBufferPointer { buffer in
            Result { () throws(SignalError) in
                try Spectrum(samples: UnsafeBufferPointer(rebasing: buffer[0..<size]), sampleRate: sampleRate, plan: plan)
            }
        }
        let spectrum = try result.get()
        let scale = analysis.accelerationScale
        let nyquist = sampleRate / 2
        features.spectralSamples = size
        if analysis.velocityBand.lowerBound < nyquist {
            let band = analysis.velocityBand.lowerBound...min(analysis.velocityBand.upperBound, nyquist)
            let velocity = VelocitySeverity.velocityRMS(spectrum, band: band) * scale
            features.velocityRMS = velocity
            features.zone = analysis.zoneLimits?.zone(for: velocity)
        }
        for band in analysis.bands {
            features.bandEnergies[band.name] = spectrum.bandEnergy(band.range) * scale * scale
        }
        if let envelopeBand = analysis.envelopeBand, let defects = analysis.defects,
           envelopeBand.lowerBound < nyquist - spectrum.resolution {
            let band = envelopeBand.lowerBound...min(envelopeBand.upperBound, nyquist - spectrum.resolution)
            let envelope = try EnvelopeSpectrum(spectrum: spectrum, band: band, plan: plan)
            let frequencies = defects.frequencies
            let named = [("bpfo", frequencies.bpfo), ("bpfi", frequencies.bpfi), ("bsf", frequencies.bsf),
                         ("ftf", frequencies.ftf)]
            for (name, frequency) in named where frequency > 0 && frequency < nyquist {
                features.defectAmplitudes[name] = envelope.amplitude(at: frequency, tolerance: analysis.defectTolerance) * scale
            }
            let top = min(3 * max(frequencies.bpfo, frequencies.bpfi, frequencies.bsf, frequencies.ftf), nyquist)
            features.envelopeNoiseFloor = envelope.noiseFloor(from: 1, to: top) * scale
        }
        if diagnosers[channel] == nil, let made = analysis.makeDiagnoser() { diagnosers[channel] = made }
        // In place: the diagnoser's averaged spectra are not copied per block.
        if let block = try diagnosers[channel]?.add(spectrum) {
            // Without a configured band the amplitudes come from the band the diagnosis chose.
            if analysis.envelopeBand == nil {
                for (name, amplitude) in block.amplitudes { features.defectAmplitudes[name] = amplitude * scale }
                features.envelopeNoiseFloor = block.floor.map { $0 * scale }
            }
            features.defectRatios = block.ratios
            features.diagnosis = block.diagnosis
        }
        return features
    }
}
