/// What to compute from the waveform blocks of one machine: which bands, which bearing, which
/// severity zones. Acceleration samples are in g (set `accelerationScale` for other units).
public struct WaveformAnalysis: Sendable, Hashable {
    /// A named frequency band whose energy is reported.
    public struct Band: Sendable, Hashable {
        public var name: String
        public var range: ClosedRange<Double>

        public init(name: String, range: ClosedRange<Double>) {
            self.name = name
            self.range = range
        }
    }

    /// Where the bearing defect frequencies come from.
    public enum Defects: Sendable, Hashable {
        /// Computed from the bearing's geometry at a shaft speed in Hz.
        case geometry(BearingGeometry, shaftSpeed: Double)
        /// Given directly (Hz), e.g. from the bearing maker's table at the running speed.
        case frequencies(DefectFrequencies)

        public var frequencies: DefectFrequencies {
            switch self {
            case .geometry(let geometry, let speed): geometry.defectFrequencies(shaftSpeed: speed)
            case .frequencies(let frequencies): frequencies
            }
        }
    }

    /// Multiplier that turns the samples into g (1 for g, 1/9.80665 for m/s²).
    public var accelerationScale: Double
    /// Band of the velocity RMS (ISO 10816/20816: 10–1000 Hz).
    public var velocityBand: ClosedRange<Double>
    /// Zone limits of the machine group, to report the zone of the velocity RMS.
    public var zoneLimits: SeverityZoneLimits?
    public var bands: [Band]
    /// Demodulation band of the envelope spectrum (around a structural resonance).
    public var envelopeBand: ClosedRange<Double>?
    public var defects: Defects?
    /// Shaft speed in Hz when the defect frequencies are given directly (for the inner race's
    /// sidebands and to tell shaft harmonics from defect lines).
    public var shaftSpeed: Double?
    /// Blocks the bearing diagnosis remembers.
    public var diagnosisMemory: Double
    /// Half-width (Hz) of the search for a peak around each defect frequency.
    public var defectTolerance: Double
    /// Fewest samples a spectrum is taken of; shorter blocks get time-domain indicators only.
    public static let minimumSpectralSamples = 256

    public init(accelerationScale: Double = 1, velocityBand: ClosedRange<Double> = 10...1000,
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
