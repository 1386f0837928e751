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

    /// Computes every indicator in two passes over `samples` (the second for central moments, which
    /// keeps them accurate when the mean is large against the variation).
    public init(samples: UnsafeBufferPointer<Float>) throws(SignalError) {
        guard samples.count >= 2 else { throw .tooShort(needed: 2, got: samples.count) }
        let n = samples.count
        var sum = 0.0
        var sumSquares = 0.0
        var minimum = Double(samples[0])
        var maximum = minimum
        for sample in samples {
            let x = Double(sample)
            sum += x
            sumSquares += x * x
            minimum = Swift.min(minimum, x)
            maximum = Swift.max(maximum, x)
        }
        let mean = sum / Double(n)
        var m2 = 0.0
        var m3 = 0.0
        var m4 = 0.0
        for sample in samples {
            let d = Double(sample) - mean
            let d2 = d * d
            m2 += d2
            m3 += d2 * d
            m4 += d2 * d2
        }
        m2 /= Double(n)
        m3 /= Double(n)
        m4 /= Double(n)
        self.count = n
        self.mean = mean
        self.rms = (sumSquares / Double(n)).squareRoot()
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
