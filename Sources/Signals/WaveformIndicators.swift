/// Time-domain condition indicators of one block of acceleration samples.
public struct WaveformIndicators: Sendable, Hashable {
    public var count: Int
    public var mean: Double
    /// Root mean square of the samples (DC included).
    public var rms: Double
    /// Largest absolute value.
    public var peak: Double
    public var peakToPeak: Double
    /// `peak / rms`; 0 for a silent block.
    public var crestFactor: Double
    /// Third standardised central moment; 0 for a symmetric distribution.
    public var skewness: Double
    /// Fourth standardised central moment (not excess): 3 for Gaussian noise, 1.5 for a sine;
    /// impacts from a bearing defect raise it.
    public var kurtosis: Double

    /// Computes every indicator in two vectorised passes over `samples`: extremes and mean first, then
    /// central moments about that mean in double precision (accurate when the mean is large against
    /// the variation), corrected exactly for the rounding left in the mean.
    public init(samples: UnsafeBufferPointer<Float>) throws(SignalError) {
        guard samples.count >= 2, let base = samples.baseAddress else {
            throw .tooShort(needed: 2, got: samples.count)
        }
        let n = samples.count
        let vectors = n / 8
        let raw = UnsafeRawPointer(base)

        // Pass 1: minimum, maximum, sum.
        var low = SIMD8<Float>(repeating: base[0])
        var high = low
        var sumA = SIMD4<Double>()
        var sumB = SIMD4<Double>()
        for index in 0..<vectors {
            let v = raw.loadUnaligned(fromByteOffset: index * 32, as: SIMD8<Float>.self)
            low = pointwiseMin(low, v)
            high = pointwiseMax(high, v)
            sumA += SIMD4<Double>(v.lowHalf)
            sumB += SIMD4<Double>(v.highHalf)
        }
        var minimum = Double(low.min())
        var maximum = Double(high.max())
        var sum = (sumA + sumB).sum()
        for index in (vectors * 8)..<n {
            let x = Double(base[index])
            sum += x
            minimum = Swift.min(minimum, x)
            maximum = Swift.max(maximum, x)
        }
        let mean = sum / Double(n)

        // Pass 2: central moments about `mean`.
        let center = SIMD4<Double>(repeating: mean)
        var s1 = SIMD4<Double>()
        var s2 = SIMD4<Double>()
        var s3 = SIMD4<Double>()
        var s4 = SIMD4<Double>()
        for index in 0..<vectors {
            let v = raw.loadUnaligned(fromByteOffset: index * 32, as: SIMD8<Float>.self)
            let a = SIMD4<Double>(v.lowHalf) - center
            let b = SIMD4<Double>(v.highHalf) - center
            let a2 = a * a
            let b2 = b * b
            s1 += a + b
            s2 += a2 + b2
            s3 += a2 * a + b2 * b
            s4 += a2 * a2 + b2 * b2
        }
        var t1 = s1.sum()
        var t2 = s2.sum()
        var t3 = s3.sum()
        var t4 = s4.sum()
        for index in (vectors * 8)..<n {
            let d = Double(base[index]) - mean
            let d2 = d * d
            t1 += d
            t2 += d2
            t3 += d2 * d
            t4 += d2 * d2
        }
        let count = Double(n)
        let e1 = t1 / count
        let e2 = t2 / count
        let e3 = t3 / count
        let e4 = t4 / count
        // Moments about the exact mean from those about `mean` (e1 is the rounding left in it).
        let m2 = max(0, e2 - e1 * e1)
        let m3 = e3 - 3 * e1 * e2 + 2 * e1 * e1 * e1
        let m4 = e4 - 4 * e1 * e3 + 6 * e1 * e1 * e2 - 3 * e1 * e1 * e1 * e1
        let exactMean = mean + e1
        self.count = n
        self.mean = exactMean
        self.rms = (m2 + exactMean * exactMean).squareRoot()
        self.peak = Swift.max(abs(minimum), abs(maximum))
        self.peakToPeak = maximum - minimum
        self.crestFactor = rms > 0 ? peak / rms : 0
        self.skewness = m2 > 0 ? m3 / (m2 * m2.squareRoot()) : 0
        self.kurtosis = m2 > 0 ? m4 / (m2 * m2) : 0
    }

    public init(samples: [Float]) throws(SignalError) {
        let result = samples.withUnsafeBufferPointer { buffer in
            Result { () throws(SignalError) in try WaveformIndicators(samples: buffer) }
        }
        self = try result.get()
    }
}
