/// A bearing's condition as read from the envelope spectra of its vibration blocks so far.
package struct BearingDiagnosis: Sendable, Hashable {
    package var fault: BearingFault
    /// How clearly the verdict stands out, 0.5 (a toss-up) to 1.
    package var confidence: Double
    /// Evidence of each fault: a combined z-score of its lines (0 for noise; the verdict needs
    /// ``BearingDiagnoser/decisionLevel``).
    package var evidence: [BearingFault: Double]
    /// The demodulation band the envelope was taken in, Hz.
    package var band: ClosedRange<Double>
    /// Blocks the evidence was gathered over, and the seconds of signal they hold (weighted by how
    /// recent they are).
    package var blocks: Int
    package var seconds: Double
}
