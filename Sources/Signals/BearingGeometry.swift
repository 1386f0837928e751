#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A rolling-element bearing's geometry, from which its defect frequencies follow.
package struct BearingGeometry: Sendable, Hashable, Codable {
    /// Number of rolling elements.
    package var elements: Int
    /// Diameter of one rolling element.
    package var elementDiameter: Double
    /// Pitch diameter (same unit as `elementDiameter`).
    package var pitchDiameter: Double
    /// Contact angle in degrees.
    package var contactAngle: Double

    package init(elements: Int, elementDiameter: Double, pitchDiameter: Double, contactAngle: Double = 0) {
        self.elements = elements
        self.elementDiameter = elementDiameter
        self.pitchDiameter = pitchDiameter
        self.contactAngle = contactAngle
    }

    /// Defect frequencies at a shaft speed in Hz (rotations per second), inner race rotating.
    package func defectFrequencies(shaftSpeed: Double) -> DefectFrequencies {
        let ratio = elementDiameter / pitchDiameter * cos(contactAngle * .pi / 180)
        let n = Double(elements)
        return DefectFrequencies(
            bpfo: n / 2 * shaftSpeed * (1 - ratio),
            bpfi: n / 2 * shaftSpeed * (1 + ratio),
            bsf: pitchDiameter / (2 * elementDiameter) * shaftSpeed * (1 - ratio * ratio),
            ftf: shaftSpeed / 2 * (1 - ratio))
    }
}

/// The characteristic frequencies of bearing defects, in Hz.
package struct DefectFrequencies: Sendable, Hashable, Codable {
    /// Ball pass frequency, outer race.
    package var bpfo: Double
    /// Ball pass frequency, inner race.
    package var bpfi: Double
    /// Ball (roller) spin frequency.
    package var bsf: Double
    /// Fundamental train (cage) frequency.
    package var ftf: Double

    package init(bpfo: Double, bpfi: Double, bsf: Double, ftf: Double) {
        self.bpfo = bpfo
        self.bpfi = bpfi
        self.bsf = bsf
        self.ftf = ftf
    }
}
