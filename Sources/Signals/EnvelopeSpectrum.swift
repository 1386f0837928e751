/// The envelope spectrum of a block: band-pass around a structural resonance, demodulate with the
/// Hilbert transform, and take the amplitude spectrum of the envelope. Bearing defects strike the
/// resonance at their defect frequency (BPFO, BPFI, BSF, FTF), which shows as a peak here.
public struct EnvelopeSpectrum: Sendable {
    public let sampleRate: Double
    /// Frequency step between bins (sampleRate / block size).
    public let resolution: Double
    /// Single-sided amplitude of the envelope (mean removed), bins 0...size/2.
    public let amplitudes: [Double]

    /// - Parameters:
    ///   - samples: a block whose length is a power of two.
    ///   - band: the demodulation band in Hz (for example 2–10 kHz around a resonance).
    ///   - plan: a plan for `samples.count` points to reuse; one is made when absent.
    public init(samples: [Float], sampleRate: Double, band: ClosedRange<Double>, plan: FFTPlan? = nil)
        throws(SignalError)
    {
        guard sampleRate.isFinite, sampleRate > 0 else { throw .invalidSampleRate(sampleRate) }
        let n = samples.count
        let fft: FFTPlan
        if let plan, plan.size == n { fft = plan } else { fft = try FFTPlan(size: n) }
        let nyquist = sampleRate / 2
        guard band.lowerBound >= 0, band.upperBound <= nyquist, band.upperBound > band.lowerBound else {
            throw .invalidBand(low: band.lowerBound, high: band.upperBound, nyquist: nyquist)
        }
        var real = samples.map(Double.init)
        var imaginary = [Double](repeating: 0, count: n)
        fft.forward(real: &real, imaginary: &imaginary)
        // Analytic signal restricted to the band: keep positive frequencies in the band, doubled.
        let step = sampleRate / Double(n)
        let low = Int((band.lowerBound / step).rounded(.up))
        let high = min(n / 2 - 1, Int((band.upperBound / step).rounded(.down)))
        for bin in 0..<n where bin < low || bin > high {
            real[bin] = 0
            imaginary[bin] = 0
        }
        for bin in low...max(low, high) where bin <= high {
            real[bin] *= 2
            imaginary[bin] *= 2
        }
        fft.inverse(real: &real, imaginary: &imaginary)
        var envelope = [Double](repeating: 0, count: n)
        var mean = 0.0
        for index in 0..<n {
            let magnitude = (real[index] * real[index] + imaginary[index] * imaginary[index]).squareRoot()
            envelope[index] = magnitude
            mean += magnitude
        }
        mean /= Double(n)
        for index in 0..<n { envelope[index] -= mean }
        var zeros = [Double](repeating: 0, count: n)
        fft.forward(real: &envelope, imaginary: &zeros)
        var amplitudes = [Double](repeating: 0, count: n / 2 + 1)
        for bin in 0...(n / 2) {
            let magnitude = (envelope[bin] * envelope[bin] + zeros[bin] * zeros[bin]).squareRoot()
            amplitudes[bin] = (bin == 0 || bin == n / 2 ? 1 : 2) * magnitude / Double(n)
        }
        self.sampleRate = sampleRate
        self.resolution = step
        self.amplitudes = amplitudes
    }

    /// The largest amplitude within `tolerance` Hz of `frequency`.
    public func amplitude(at frequency: Double, tolerance: Double = 2) -> Double {
        let first = max(0, Int(((frequency - tolerance) / resolution).rounded(.down)))
        let last = min(amplitudes.count - 1, Int(((frequency + tolerance) / resolution).rounded(.up)))
        guard first <= last else { return 0 }
        return amplitudes[first...last].max() ?? 0
    }

    /// The median amplitude between two frequencies: the noise floor a peak is judged against.
    public func noiseFloor(from low: Double, to high: Double) -> Double {
        let first = max(1, Int(low / resolution))
        let last = min(amplitudes.count - 1, Int(high / resolution))
        guard first < last else { return 0 }
        let sorted = amplitudes[first...last].sorted()
        return sorted[sorted.count / 2]
    }
}
