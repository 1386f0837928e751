/// What kind of machine an asset is, for waveform analysis (`asset_classes:` in alarms.yaml).
package struct AssetClassSettings: Sendable, Hashable {
    /// A rolling-element bearing's geometry.
    package struct Bearing: Sendable, Hashable {
        package var elements: Int
        package var elementDiameter: Double
        package var pitchDiameter: Double
        package var contactAngle: Double
    }

    /// Bearing defect frequencies given directly, in Hz.
    package struct DefectFrequencies: Sendable, Hashable {
        package var bpfo: Double
        package var bpfi: Double
        package var bsf: Double
        package var ftf: Double
    }

    /// ISO 10816-3 velocity zone boundaries (mm/s).
    package struct ZoneLimits: Sendable, Hashable {
        package var ab: Double
        package var bc: Double
        package var cd: Double
    }

    package var name: String
    package var zoneLimits: ZoneLimits?
    /// Multiplier from the waveform's unit to g.
    package var accelerationScale: Double = 1
    package var bearing: Bearing?
    /// Shaft speed in Hz (from `shaft_speed`, or `shaft_rpm` / 60).
    package var shaftSpeed: Double?
    package var defectFrequencies: DefectFrequencies?
    package var envelopeBand: ClosedRange<Double>?
    package var bands: [(name: String, range: ClosedRange<Double>)] = []
    /// Failure level per channel for the trend prognosis of this class's assets.
    package var failureLevels: [String: Double] = [:]

    package init(name: String) {
        self.name = name
    }

    /// The ISO 10816-3 machine groups `machine_group` may name.
    package static let machineGroups: [String: ZoneLimits] = [
        "group1_rigid": ZoneLimits(ab: 2.3, bc: 4.5, cd: 7.1),
        "group1_flexible": ZoneLimits(ab: 3.5, bc: 7.1, cd: 11.0),
        "group2_rigid": ZoneLimits(ab: 1.4, bc: 2.8, cd: 4.5),
        "group2_flexible": ZoneLimits(ab: 2.3, bc: 4.5, cd: 7.1),
    ]

    package static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.name == rhs.name && lhs.zoneLimits == rhs.zoneLimits && lhs.accelerationScale == rhs.accelerationScale
            && lhs.bearing == rhs.bearing && lhs.shaftSpeed == rhs.shaftSpeed
            && lhs.defectFrequencies == rhs.defectFrequencies && lhs.envelopeBand == rhs.envelopeBand
            && lhs.failureLevels == rhs.failureLevels
            && lhs.bands.map(\.name) == rhs.bands.map(\.name) && lhs.bands.map(\.range) == rhs.bands.map(\.range)
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(name)
    }
}

/// Which assets belong to which class (`assets:` in alarms.yaml).
package struct AssetSettings: Sendable, Hashable {
    /// Asset name or glob pattern (`pump-*`).
    package var match: String
    package var assetClass: String

    package init(match: String, assetClass: String) {
        self.match = match
        self.assetClass = assetClass
    }
}
