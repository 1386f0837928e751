import Foundation
import Signals
import Testing

@Suite("Bearing defect frequencies and velocity severity")
struct BearingAndSeverityTests {
    @Test("the MFPT test bearing's geometry gives its published BPFO, BPFI and BSF")
    func mfptBearing() {
        // 8 rollers of 0.235 in on a 1.245 in pitch diameter, 0° contact, shaft at 25 Hz.
        let bearing = BearingGeometry(elements: 8, elementDiameter: 0.235, pitchDiameter: 1.245)
        let f = bearing.defectFrequencies(shaftSpeed: 25)
        #expect(abs(f.bpfo - 81.125) < 0.01)
        #expect(abs(f.bpfi - 118.875) < 0.01)
        #expect(abs(f.bsf - 63.91) < 0.1)
        // The data set's own FTF (14.8375 Hz) disagrees with its other frequencies; geometry says ~10.1 Hz.
        #expect(abs(f.ftf - 10.14) < 0.01)
    }

    @Test("velocity RMS of a pure acceleration tone: a/(2πf)/√2")
    func velocityOfTone() throws {
        let fs = 8192.0
        let amplitude = 0.5  // g
        let samples = (0..<8192).map { Float(amplitude * sin(2 * Double.pi * 100 * Double($0) / fs)) }
        let velocity = VelocitySeverity.velocityRMS(try Spectrum(samples: samples, sampleRate: fs))
        let expected = amplitude * 9.80665 * 1000 / (2 * Double.pi * 100) / 2.0.squareRoot()
        #expect(abs(velocity - expected) / expected < 1e-6)
        // A 5 Hz tone lies outside 10–1000 Hz.
        let slow = (0..<8192).map { Float(sin(2 * Double.pi * 5 * Double($0) / fs)) }
        #expect(VelocitySeverity.velocityRMS(try Spectrum(samples: slow, sampleRate: fs)) < 1e-6)
    }

    @Test("ISO 10816-3 zones for group 2 on a rigid foundation")
    func zones() {
        let limits = SeverityZoneLimits.group2Rigid
        #expect([0.5, 1.4, 2.79, 2.8, 4.49, 4.5, 12].map(limits.zone(for:)) == [.a, .b, .b, .c, .c, .d, .d])
    }
}
