/// What kind of machine an asset is, for waveform analysis (`asset_classes:` in alarms.yaml).
public struct AssetClassSettings: Sendable, Hashable {
    /// A rolling-element bearing's geometry.
    public struct Bearing: Sendable, Hashable {
        public var elements: Int
        public var elementDiameter: Double
        public var pitchDiameter: Double
        public var contactAngle: Double
    }

    /// Bearing defect frequencies given directly, in Hz.
    public struct DefectFrequencies: Sendable, Hashable {
        public var bpfo: Double
        public var bpfi: Double
        public var bsf: Double
        public var ftf: Double
    }

    /// ISO 10816-3 velocity zone boundaries (mm/s).
    public struct ZoneLimits: Sendable, Hashable {
        public var ab: Double
        public var bc: Double
        public var cd: Double
    }

    public var name: String
    public var zoneLimits: ZoneLimits?
    /// Multiplier from the waveform's unit to g.
    public var accelerationScale: Double = 1
    public var bearing: Bearing?
    /// Shaft speed in Hz (from `shaft_speed`, or `shaft_rpm` / 60).
    public var shaftSpeed: Double?
    public var defectFrequencies: DefectFrequencies?
    public var envelopeBand: ClosedRange<Double>?
    public var bands: [(name: String, range: ClosedRange<Double>)] = []
    /// Failure level per channel for the trend prognosis of this class's assets.
    public var failureLevels: [String: Double] = [:]

    public init(name: String) {
        self.name = name
    }

    /// The ISO 10816-3 machine groups `machine_group` may name.
    public static let machineGroups: [String: ZoneLimits] = [
        "group1_rigid": ZoneLimits(ab: 2.3, bc: 4.5, cd: 7.1),
        "group1_flexible": ZoneLimits(ab: 3.5, bc: 7.1, cd: 11.0),
        "group2_rigid": ZoneLimits(ab: 1.4, bc: 2.8, cd: 4.5),
        "group2_flexible": ZoneLimits(ab: 2.3, bc: 4.5, cd: 7.1),
    ]

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.name == rhs.name && lhs.zoneLimits == rhs.zoneLimits && lhs.accelerationScale == rhs.accelerationScale
            && lhs.bearing == rhs.bearing && lhs.shaftSpeed == rhs.shaftSpeed
            && lhs.defectFrequencies == rhs.defectFrequencies && lhs.envelopeBand == rhs.envelopeBand
            && lhs.failureLevels == rhs.failureLevels
            && lhs.bands.map(\.name) == rhs.bands.map(\.name) && lhs.bands.map(\.range) == rhs.bands.map(\.range)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
    }
}

/// Which assets belong to which class (`assets:` in alarms.yaml).
public struct AssetSettings: Sendable, Hashable {
    /// Asset name or glob pattern (`pump-*`).
    public var match: String
    public var assetClass: String

    public init(match: String, assetClass: String) {
        self.match = match
        self.assetClass = assetClass
    }
}
