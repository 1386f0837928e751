/// What to compute from the waveform blocks of one machine: which bands, which bearing, which
/// severity zones. Acceleration samples are in g (set `accelerationScale` for other units).
package struct WaveformAnalysis: Sendable, Hashable {
    /// A named frequency band whose energy is reported.
    package struct Band: Sendable, Hashable {
        package var name: String
        package var range: ClosedRange<Double>

        package init(name: String, range: ClosedRange<Double>) {
            self.name = name
            self.range = range
        }
    }

    /// Where the bearing defect frequencies come from.
    package enum Defects: Sendable, Hashable {
        /// Computed from the bearing's geometry at a shaft speed in Hz.
        case geometry(BearingGeometry, shaftSpeed: Double)
        /// Given directly (Hz), e.g. from the bearing maker's table at the running speed.
        case frequencies(DefectFrequencies)

        package var frequencies: DefectFrequencies {
            switch self {
            case .geometry(let geometry, let speed): geometry.defectFrequencies(shaftSpeed: speed)
            case .frequencies(let frequencies): frequencies
            }
        }
    }

    /// Multiplier that turns the samples into g (1 for g, 1/9.80665 for m/s²).
    package var accelerationScale: Double
    /// Band of the velocity RMS (ISO 10816/20816: 10–1000 Hz).
    package var velocityBand: ClosedRange<Double>
    /// Zone limits of the machine group, to report the zone of the velocity RMS.
    package var zoneLimits: SeverityZoneLimits?
    package var bands: [Band]
    /// Demodulation band of the envelope spectrum (around a structural resonance).
    package var envelopeBand: ClosedRange<Double>?
    package var defects: Defects?
    /// Shaft speed in Hz when the defect frequencies are given directly (for the inner race's
    /// sidebands and to tell shaft harmonics from defect lines).
    package var shaftSpeed: Double?
    /// Blocks the bearing diagnosis remembers.
    package var diagnosisMemory: Double
    /// Half-width (Hz) of the search for a peak around each defect frequency.
    package var defectTolerance: Double
    /// Fewest samples a spectrum is taken of; shorter blocks get time-domain indicators only.
    package static let minimumSpectralSamples = 256

    package init(accelerationScale: Double = 1, velocityBand: ClosedRange<Double> = 10...1000,
                zoneLimits: SeverityZoneLimits? = nil, bands: [Band] = [], envelopeBand: ClosedRange<Double>? = nil,
                defects: Defects? = nil, shaftSpeed: Double? = nil, diagnosisMemory: Double = 64,
                defectTolerance: Double = 2) {
        self.accelerationScale = accelerationScale
        self.velocityBand = velocityBand
        self.zoneLimits = zoneLimits
        self.bands = bands
        self.envelopeBand = envelopeBand
        self.defects = defects
        self.shaftSpeed = shaftSpeed
        self.diagnosisMemory = diagnosisMemory
        self.defectTolerance = defectTolerance
    }
}
