/// Condition indicators of one waveform block.
package struct WaveformFeatures: Sendable, Hashable {
    package var indicators: WaveformIndicators
    /// Velocity RMS in mm/s over the analysis' velocity band; nil for a block too short for a spectrum.
    package var velocityRMS: Double?
    package var zone: SeverityZone?
    /// Energy (mean square, g²) per named band.
    package var bandEnergies: [String: Double]
    /// Envelope-spectrum amplitude (g) at each bearing defect frequency: `bpfo`, `bpfi`, `bsf`, `ftf`.
    package var defectAmplitudes: [String: Double]
    /// Median envelope amplitude up to the highest defect frequency's third harmonic.
    package var envelopeNoiseFloor: Double?
    /// Samples the spectrum was taken of (the largest power of two in the block).
    package var spectralSamples: Int
    /// Per defect (`bpfo`, `bpfi`, `bsf`, `ftf`), the envelope amplitude of its lines (harmonics,
    /// and the inner race's shaft sidebands) over their local floor, in the envelope spectrum
    /// averaged over the channel's recent blocks: about 1 for noise.
    package var defectRatios: [String: Double] = [:]
    /// The bearing diagnosis of the channel so far, once there is one.
    package var diagnosis: BearingDiagnosis?

    /// Every indicator as a named scalar, in a fixed order: these become readings of derived
    /// channels `<channel>.<name>` (for example `accel.kurtosis`, `accel.velocity_rms`, `accel.bpfo`,
    /// `accel.bpfo_snr`, `accel.diagnosis` with ``BearingFault/code``).
    package var scalars: [(name: String, value: Double)] {
        var values: [(String, Double)] = [
            ("rms", indicators.rms), ("peak", indicators.peak), ("peak_to_peak", indicators.peakToPeak),
            ("crest_factor", indicators.crestFactor), ("kurtosis", indicators.kurtosis), ("skewness", indicators.skewness),
        ]
        if let velocityRMS { values.append(("velocity_rms", velocityRMS)) }
        for name in bandEnergies.keys.sorted() { values.append(("band_" + name, bandEnergies[name] ?? 0)) }
        for name in ["bpfo", "bpfi", "bsf", "ftf"] {
            if let amplitude = defectAmplitudes[name] { values.append((name, amplitude)) }
        }
        for name in ["bpfo", "bpfi", "bsf", "ftf"] {
            if let ratio = defectRatios[name] { values.append((name + "_snr", ratio)) }
        }
        if let envelopeNoiseFloor { values.append(("envelope_floor", envelopeNoiseFloor)) }
        if let diagnosis {
            values.append(("diagnosis", Double(diagnosis.fault.code)))
            values.append(("diagnosis_confidence", diagnosis.confidence))
        }
        return values
    }
}
