/// The transforms spectral indicators need for one block size, made once and shared: a real-input
/// transform for spectra of samples and envelopes, and a complex one for the analytic signal.
package struct SpectralPlan: Sendable {
    package let size: Int
    package let complex: FFTPlan
    package let real: RealFFTPlan

    package init(size: Int) throws(SignalError) {
        self.size = size
        complex = try FFTPlan(size: size)
        real = try RealFFTPlan(size: size)
    }

    /// `plan` when it fits `size`, otherwise a new plan.
    static func resolve(_ plan: SpectralPlan?, size: Int) throws(SignalError) -> SpectralPlan {
        if let plan, plan.size == size { return plan }
        return try SpectralPlan(size: size)
    }
}
