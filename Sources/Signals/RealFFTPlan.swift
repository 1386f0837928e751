#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The Fourier transform of real input of a power-of-two size N, computed with one complex
/// transform of N/2 points (even samples as real parts, odd samples as imaginary parts) and a split
/// step: about half the work of a complex transform of N points. Gives bins 0…N/2.
package struct RealFFTPlan: Sendable {
    package let size: Int
    private let half: FFTPlan
    /// cos(2πk/N) and −sin(2πk/N) for k ≤ N/2.
    private let cosines: [Double]
    private let sines: [Double]

    package init(size: Int) throws(SignalError) {
        guard size >= 4, size & (size - 1) == 0 else { throw .notPowerOfTwo(size) }
        self.size = size
        half = try FFTPlan(size: size / 2)
        cosines = (0...(size / 2)).map { cos(2 * Double.pi * Double($0) / Double(size)) }
        sines = (0...(size / 2)).map { -sin(2 * Double.pi * Double($0) / Double(size)) }
    }

    /// X[k] = Σ x[n]·e^(−2πikn/N) for k = 0…N/2, into `real` and `imaginary` (resized to N/2 + 1).
    package func forward(_ input: UnsafeBufferPointer<Float>, real: inout [Double], imaginary: inout [Double]) {
        precondition(input.count == size, "real FFT input must have \(size) points")
        forward(count: size, sample: { Double(input[$0]) }, real: &real, imaginary: &imaginary)
    }

    /// As the `Float` variant, for double-precision input.
    package func forward(_ input: [Double], real: inout [Double], imaginary: inout [Double]) {
        precondition(input.count == size, "real FFT input must have \(size) points")
        input.withUnsafeBufferPointer { buffer in
            forward(count: size, sample: { buffer[$0] }, real: &real, imaginary: &imaginary)
        }
    }

    @inline(__always)
    private func forward(count: Int, sample: (Int) -> Double, real: inout [Double], imaginary: inout [Double]) {
        let m = count / 2
        var zr = [Double](unsafeUninitializedCapacity: m) { buffer, initialized in
            for index in 0..<m { buffer[index] = sample(2 * index) }
            initialized = m
        }
        var zi = [Double](unsafeUninitializedCapacity: m) { buffer, initialized in
            for index in 0..<m { buffer[index] = sample(2 * index + 1) }
            initialized = m
        }
        half.forward(real: &zr, imaginary: &zi)
        if real.count != m + 1 { real = [Double](repeating: 0, count: m + 1) }
        if imaginary.count != m + 1 { imaginary = [Double](repeating: 0, count: m + 1) }
        // Split: E = (Z[k] + conj Z[m−k]) / 2, O = (Z[k] − conj Z[m−k]) / 2i, X[k] = E + W^k·O.
        for k in 0...m {
            let a = k == m ? 0 : k
            let b = k == 0 ? 0 : m - k
            let er = 0.5 * (zr[a] + zr[b])
            let ei = 0.5 * (zi[a] - zi[b])
            let or = 0.5 * (zi[a] + zi[b])
            let oi = -0.5 * (zr[a] - zr[b])
            let wr = cosines[k]
            let wi = sines[k]
            real[k] = er + wr * or - wi * oi
            imaginary[k] = ei + wr * oi + wi * or
        }
    }
}
