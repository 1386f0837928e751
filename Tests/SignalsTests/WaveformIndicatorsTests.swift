import Foundation
import Signals
import Testing

@Suite("Waveform indicators")
struct WaveformIndicatorsTests {
    @Test("a sine: RMS A/√2, crest √2, kurtosis 1.5, no skew")
    func sine() throws {
        let samples = (0..<4096).map { Float(2 * sin(2 * Double.pi * 50 * Double($0) / 4096)) }
        let indicators = try WaveformIndicators(samples: samples)
        #expect(abs(indicators.rms - 2 / 2.0.squareRoot()) < 1e-4)
        #expect(abs(indicators.crestFactor - 2.0.squareRoot()) < 1e-3)
        #expect(abs(indicators.kurtosis - 1.5) < 1e-3)
        #expect(abs(indicators.skewness) < 1e-3)
        #expect(abs(indicators.peakToPeak - 4) < 1e-3)
    }

    @Test("Gaussian noise has kurtosis near 3; sparse impacts raise it")
    func impacts() throws {
        var random = SplitMix64(seed: 9)
        func gaussian() -> Float {
            let u1 = max(Double.random(in: 0..<1, using: &random), 1e-300)
            let u2 = Double.random(in: 0..<1, using: &random)
            return Float((-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
        }
        var samples = (0..<65536).map { _ in gaussian() }
        #expect(abs(try WaveformIndicators(samples: samples).kurtosis - 3) < 0.1)
        for index in Swift.stride(from: 0, to: samples.count, by: 1000) { samples[index] += 12 }
        #expect(try WaveformIndicators(samples: samples).kurtosis > 6)
    }

    @Test("too few samples are refused; a constant block has no spread")
    func edges() throws {
        #expect(throws: SignalError.tooShort(needed: 2, got: 1)) { try WaveformIndicators(samples: [1]) }
        let flat = try WaveformIndicators(samples: [Float](repeating: 3, count: 16))
        #expect(flat.rms == 3 && flat.kurtosis == 0 && flat.crestFactor == 1)
    }
}
