/// The envelope spectrum of a block: band-pass around a structural resonance, demodulate with the
/// Hilbert transform, and take the amplitude spectrum of the envelope. Bearing defects strike the
/// resonance at their defect frequency (BPFO, BPFI, BSF, FTF), which shows as a peak here.
package struct EnvelopeSpectrum: Sendable {
    package let sampleRate: Double
    /// Frequency step between bins (sampleRate / block size).
    package let resolution: Double
    /// Single-sided amplitude of the envelope (mean removed), bins 0...size/2.
    package let amplitudes: [Double]

    /// - Parameters:
    ///   - samples: a block whose length is a power of two.
    ///   - band: the demodulation band in Hz (for example 2–10 kHz around a resonance).
    ///   - plan: a plan for `samples.count` points to reuse; one is made when absent.
    package init(samples: [Float], sampleRate: Double, band: ClosedRange<Double>, plan: SpectralPlan? = nil)
        throws(SignalError)
    {
        let spectrum = try Spectrum(samples: samples, sampleRate: sampleRate, plan: plan)
        try self.init(spectrum: spectrum, band: band, plan: plan)
    }

    /// The envelope spectrum from an already computed spectrum of the block.
    package init(spectrum: Spectrum, band: ClosedRange<Double>, plan: SpectralPlan? = nil) throws(SignalError) {
        let n = spectrum.size
        let fft = try SpectralPlan.resolve(plan, size: n)
        let nyquist = spectrum.sampleRate / 2
        guard band.lowerBound >= 0, band.upperBound <= nyquist, band.upperBound > band.lowerBound,
              let bins = spectrum.bins(in: band.lowerBound...min(band.upperBound, nyquist - spectrum.resolution))
        else {
            throw .invalidBand(low: band.lowerBound, high: band.upperBound, nyquist: nyquist)
        }
        // Analytic signal restricted to the band: positive frequencies in the band, doubled.
        var real = [Double](repeating: 0, count: n)
        var imaginary = [Double](repeating: 0, count: n)
        for bin in bins {
            real[bin] = 2 * spectrum.real[bin]
            imaginary[bin] = 2 * spectrum.imaginary[bin]
        }
        fft.complex.inverse(real: &real, imaginary: &imaginary)
        var envelope = [Double](repeating: 0, count: n)
        var mean = 0.0
        for index in 0..<n {
            let magnitude = (real[index] * real[index] + imaginary[index] * imaginary[index]).squareRoot()
            envelope[index] = magnitude
            mean += magnitude
        }
        mean /= Double(n)
        for index in 0..<n { envelope[index] -= mean }
        fft.real.forward(envelope, real: &real, imaginary: &imaginary)
        var amplitudes = [Double](repeating: 0, count: n / 2 + 1)
        for bin in 0...(n / 2) {
            let magnitude = (real[bin] * real[bin] + imaginary[bin] * imaginary[bin]).squareRoot()
            amplitudes[bin] = (bin == 0 || bin == n / 2 ? 1 : 2) * magnitude / Double(n)
        }
        self.sampleRate = spectrum.sampleRate
        self.resolution = spectrum.resolution
        self.amplitudes = amplitudes
    }

    /// The largest amplitude of the bins whose centre lies within `tolerance` Hz of `frequency`, and
    /// of the bin nearest to it (so a tolerance finer than the resolution still finds the peak).
    package func amplitude(at frequency: Double, tolerance: Double = 2) -> Double {
        let last = amplitudes.count - 1
        guard last >= 0 else { return 0 }
        let nearest = Int(binClamping: (frequency / resolution).rounded(), to: 0...last)
        let first = Int(binClamping: ((frequency - tolerance) / resolution).rounded(.up), to: 0...nearest)
        let end = Int(binClamping: ((frequency + tolerance) / resolution).rounded(.down), to: nearest...last)
        return amplitudes[first...end].max() ?? 0
    }

    /// The median amplitude between two frequencies: the noise floor a peak is judged against.
    package func noiseFloor(from low: Double, to high: Double) -> Double {
        guard amplitudes.count > 2 else { return 0 }
        let first = Int(binClamping: (low / resolution).rounded(.down), to: 1...(amplitudes.count - 1))
        let last = Int(binClamping: (high / resolution).rounded(.down), to: 1...(amplitudes.count - 1))
        guard first < last else { return 0 }
        let sorted = amplitudes[first...last].sorted()
        return sorted[sorted.count / 2]
    }
}
