#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A radix-2 fast Fourier transform of one power-of-two size, with its twiddle factors and
/// bit-reversal table computed once. Complex data is kept in split form (real and imaginary arrays).
///
/// Pure and reusable; a plan is immutable and may be shared between threads.
package struct FFTPlan: Sendable {
    package let size: Int
    private let log2Size: Int
    /// cos(2πk/size) and −sin(2πk/size) for k < size/2.
    private let cosines: [Double]
    private let sines: [Double]
    private let bitReversed: [Int32]

    /// A plan for `size` points; `size` must be a power of two (at least 2).
    package init(size: Int) throws(SignalError) {
        guard size >= 2, size & (size - 1) == 0 else { throw .notPowerOfTwo(size) }
        self.size = size
        log2Size = size.trailingZeroBitCount
        let half = size / 2
        cosines = (0..<half).map { cos(2 * Double.pi * Double($0) / Double(size)) }
        sines = (0..<half).map { -sin(2 * Double.pi * Double($0) / Double(size)) }
        let bits = size.trailingZeroBitCount
        bitReversed = (0..<size).map { index in
            var reversed = 0
            var value = index
            for _ in 0..<bits {
                reversed = reversed << 1 | (value & 1)
                value >>= 1
            }
            return Int32(reversed)
        }
    }

    /// In-place forward transform: X[k] = Σ x[n]·e^(−2πikn/N).
    package func forward(real: inout [Double], imaginary: inout [Double]) {
        transform(real: &real, imaginary: &imaginary, inverse: false)
    }

    /// In-place inverse transform, scaled by 1/N so that inverse(forward(x)) == x.
    package func inverse(real: inout [Double], imaginary: inout [Double]) {
        transform(real: &real, imaginary: &imaginary, inverse: true)
        let scale = 1 / Double(size)
        for index in 0..<size {
            real[index] *= scale
            imaginary[index] *= scale
        }
    }

    private func transform(real: inout [Double], imaginary: inout [Double], inverse: Bool) {
        precondition(real.count == size && imaginary.count == size, "FFT input must have \(size) points")
        let n = size
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                bitReversed.withUnsafeBufferPointer { reversal in
                    for index in 0..<n {
                        let target = Int(reversal[index])
                        if target > index {
                            re.swapAt(index, target)
                            im.swapAt(index, target)
                        }
                    }
                }
                cosines.withUnsafeBufferPointer { cosTable in
                    sines.withUnsafeBufferPointer { sinTable in
                        let sign: Double = inverse ? -1 : 1
                        var length = 2
                        while length <= n {
                            let halfLength = length / 2
                            let stride = n / length
                            var start = 0
                            while start < n {
                                var twiddle = 0
                                for offset in 0..<halfLength {
                                    let wr = cosTable[twiddle]
                                    let wi = sign * sinTable[twiddle]
                                    let a = start + offset
                                    let b = a + halfLength
                                    let tr = re[b] * wr - im[b] * wi
                                    let ti = re[b] * wi + im[b] * wr
                                    re[b] = re[a] - tr
                                    im[b] = im[a] - ti
                                    re[a] += tr
                                    im[a] += ti
                                    twiddle += stride
                                }
                                start += length
                            }
                            length <<= 1
                        }
                    }
                }
            }
        }
    }
}

/// Why a signal computation cannot proceed.
package enum SignalError: Error, Sendable, Hashable, CustomStringConvertible {
    case notPowerOfTwo(Int)
    case tooShort(needed: Int, got: Int)
    case invalidBand(low: Double, high: Double, nyquist: Double)
    case invalidSampleRate(Double)
    /// The samples are so large that their moments overflow (a unit or scaling mistake).
    case overflow(peak: Double)

    package var description: String {
        switch self {
        case .notPowerOfTwo(let size): return "FFT size \(size) is not a power of two ≥ 2"
        case .tooShort(let needed, let got): return "needs at least \(needed) samples, got \(got)"
        case .invalidBand(let low, let high, let nyquist):
            return "band \(low)–\(high) Hz is empty or beyond the Nyquist frequency \(nyquist) Hz"
        case .invalidSampleRate(let rate): return "sample rate \(rate) Hz is not positive and finite"
        case .overflow(let peak):
            return "samples up to \(peak) are too large for their energy to be computed (check the unit and scaling)"
        }
    }
}
