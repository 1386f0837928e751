/// Vibration severity as ISO 10816 / 20816 judge it: the RMS of vibration velocity in mm/s over
/// 10–1000 Hz, and the zone it falls in for a machine group.
package enum VelocitySeverity {
    /// Standard gravity, for samples in g.
    package static let standardGravity = 9.80665

    /// Velocity RMS in mm/s over `band` from an acceleration spectrum whose samples were in g:
    /// each bin is integrated (divided by 2πf) and the band's energy summed (Parseval).
    package static func velocityRMS(_ spectrum: Spectrum, band: ClosedRange<Double> = 10...1000) -> Double {
        guard let bins = spectrum.bins(in: band) else { return 0 }
        let n = Double(spectrum.size)
        var meanSquare = 0.0
        for bin in bins where bin > 0 {
            let frequency = Double(bin) * spectrum.resolution
            let power = (spectrum.real[bin] * spectrum.real[bin] + spectrum.imaginary[bin] * spectrum.imaginary[bin])
                / (n * n) * (bin == spectrum.size / 2 ? 1 : 2)
            let scale = standardGravity * 1000 / (2 * .pi * frequency)
            meanSquare += power * scale * scale
        }
        return meanSquare.squareRoot()
    }
}

/// Evaluation zones of ISO 10816-3 / 20816-3: A (new), B (unrestricted long-term operation),
/// C (restricted operation), D (damage likely).
package enum SeverityZone: String, Sendable, Hashable, Codable, Comparable {
    case a = "A"
    case b = "B"
    case c = "C"
    case d = "D"

    package static func < (lhs: SeverityZone, rhs: SeverityZone) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The zone boundaries (velocity RMS, mm/s) of one machine group and foundation.
package struct SeverityZoneLimits: Sendable, Hashable, Codable {
    package var ab: Double
    package var bc: Double
    package var cd: Double

    package init(ab: Double, bc: Double, cd: Double) {
        self.ab = ab
        self.bc = bc
        self.cd = cd
    }

    /// ISO 10816-3 group 2 (15–300 kW), rigid foundation.
    package static let group2Rigid = SeverityZoneLimits(ab: 1.4, bc: 2.8, cd: 4.5)
    /// ISO 10816-3 group 2, flexible foundation.
    package static let group2Flexible = SeverityZoneLimits(ab: 2.3, bc: 4.5, cd: 7.1)
    /// ISO 10816-3 group 1 (300 kW – 50 MW), rigid foundation.
    package static let group1Rigid = SeverityZoneLimits(ab: 2.3, bc: 4.5, cd: 7.1)
    /// ISO 10816-3 group 1, flexible foundation.
    package static let group1Flexible = SeverityZoneLimits(ab: 3.5, bc: 7.1, cd: 11.0)

    package func zone(for velocity: Double) -> SeverityZone {
        switch velocity {
        case ..<ab: return .a
        case ..<bc: return .b
        case ..<cd: return .c
        default: return .d
        }
    }
}
