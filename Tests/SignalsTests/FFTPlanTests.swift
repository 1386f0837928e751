import Foundation
import Signals
import Testing

@Suite("FFT")
struct FFTPlanTests {
    @Test("matches a direct DFT", arguments: [2, 8, 64, 1024])
    func matchesDFT(size: Int) throws {
        var random = SplitMix64(seed: UInt64(size))
        let input = (0..<size).map { _ in Double.random(in: -1...1, using: &random) }
        var real = input
        var imaginary = [Double](repeating: 0, count: size)
        try FFTPlan(size: size).forward(real: &real, imaginary: &imaginary)
        for k in Swift.stride(from: 0, to: size, by: max(1, size / 16)) {
            var sr = 0.0
            var si = 0.0
            for n in 0..<size {
                let angle = -2 * Double.pi * Double(k * n) / Double(size)
                sr += input[n] * cos(angle)
                si += input[n] * sin(angle)
            }
            #expect(abs(real[k] - sr) < 1e-9 * Double(size))
            #expect(abs(imaginary[k] - si) < 1e-9 * Double(size))
        }
    }

    @Test("inverse undoes forward")
    func roundTrip() throws {
        var random = SplitMix64(seed: 3)
        let input = (0..<4096).map { _ in Double.random(in: -5...5, using: &random) }
        var real = input
        var imaginary = [Double](repeating: 0, count: 4096)
        let plan = try FFTPlan(size: 4096)
        plan.forward(real: &real, imaginary: &imaginary)
        plan.inverse(real: &real, imaginary: &imaginary)
        #expect(zip(real, input).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(imaginary.allSatisfy { abs($0) < 1e-9 })
    }

    @Test("sizes that are not powers of two are refused")
    func badSize() {
        #expect(throws: SignalError.notPowerOfTwo(1000)) { try FFTPlan(size: 1000) }
        #expect(throws: SignalError.notPowerOfTwo(1)) { try FFTPlan(size: 1) }
    }
}

@Suite("Real FFT")
struct RealFFTPlanTests {
    @Test("matches the complex transform on bins 0…N/2", arguments: [4, 16, 4096])
    func matchesComplex(size: Int) throws {
        var random = SplitMix64(seed: UInt64(size) + 11)
        let input = (0..<size).map { _ in Float.random(in: -2...2, using: &random) }
        var real = input.map(Double.init)
        var imaginary = [Double](repeating: 0, count: size)
        try FFTPlan(size: size).forward(real: &real, imaginary: &imaginary)
        var halfReal: [Double] = []
        var halfImaginary: [Double] = []
        try input.withUnsafeBufferPointer { buffer in
            try RealFFTPlan(size: size).forward(buffer, real: &halfReal, imaginary: &halfImaginary)
        }
        #expect(halfReal.count == size / 2 + 1)
        for k in 0...(size / 2) {
            #expect(abs(halfReal[k] - real[k]) < 1e-9 * Double(size))
            #expect(abs(halfImaginary[k] - imaginary[k]) < 1e-9 * Double(size))
        }
    }
}
