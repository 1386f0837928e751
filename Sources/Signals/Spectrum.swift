/// The discrete Fourier transform of one real block, kept so that several spectral indicators (band
/// energies, the envelope spectrum) share a single forward transform.
package struct Spectrum: Sendable {
    package let sampleRate: Double
    package let size: Int
    /// Frequency step between bins.
    package let resolution: Double
    /// Real and imaginary parts of bins 0…size/2 (the rest mirror them for real input).
    package let real: [Double]
    package let imaginary: [Double]

    /// Transforms `samples` (a power-of-two count, at least 4) with `plan`, or a new plan when `plan`
    /// is absent or of another size.
    package init(samples: UnsafeBufferPointer<Float>, sampleRate: Double, plan: SpectralPlan? = nil)
        throws(SignalError)
    {
        guard sampleRate.isFinite, sampleRate > 0 else { throw .invalidSampleRate(sampleRate) }
        let n = samples.count
        let fft = try SpectralPlan.resolve(plan, size: n)
        var real: [Double] = []
        var imaginary: [Double] = []
        fft.real.forward(samples, real: &real, imaginary: &imaginary)
        self.sampleRate = sampleRate
        self.size = n
        self.resolution = sampleRate / Double(n)
        self.real = real
        self.imaginary = imaginary
    }

    package init(samples: [Float], sampleRate: Double, plan: SpectralPlan? = nil) throws(SignalError) {
        let result = samples.withUnsafeBufferPointer { buffer in
            Result { () throws(SignalError) in try Spectrum(samples: buffer, sampleRate: sampleRate, plan: plan) }
        }
        self = try result.get()
    }

    /// Bins whose centre lies in `band` (Hz), clamped to 0…size/2.
    func bins(in band: ClosedRange<Double>) -> ClosedRange<Int>? {
        let low = Int(binClamping: (band.lowerBound / resolution).rounded(.up), to: 0...(size / 2))
        let high = Int(binClamping: (band.upperBound / resolution).rounded(.down), to: 0...(size / 2))
        return low <= high ? low...high : nil
    }

    /// Signal energy in `band`: the mean-square value the band contributes (Parseval), so the band
    /// energies of a partition of 0…Nyquist add up to the block's mean square.
    package func bandEnergy(_ band: ClosedRange<Double>) -> Double {
        guard let bins = bins(in: band) else { return 0 }
        let n = Double(size)
        var energy = 0.0
        for bin in bins {
            let power = (real[bin] * real[bin] + imaginary[bin] * imaginary[bin]) / (n * n)
            energy += (bin == 0 || bin == size / 2) ? power : 2 * power
        }
        return energy
    }
}
