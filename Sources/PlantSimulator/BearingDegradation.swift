#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The truth both simulators share: a rolling-element bearing that runs healthy until its onset,
/// then degrades exponentially until the vibration velocity reaches the failure level.
///
/// - `velocity_rms` (mm/s): `1.8 + rise`, with `rise = 0.1·(exp(β·(t − onset)) − 1)` after the onset,
///   β chosen so that the velocity reaches ``failureVelocity`` at the failure time
/// - `bearing_temp` (°C): `55 + 2.2·rise`
/// - outer-race defect impulses (g, peak) in the acceleration waveform: `0.4·rise`
package struct BearingDegradation: Sendable, Hashable {
    /// Velocity RMS of a healthy machine (mm/s).
    package static let healthyVelocity = 1.8
    /// Velocity RMS at failure (mm/s).
    package static let failureVelocity = 7.1
    /// Bearing temperature of a healthy machine (°C).
    package static let healthyTemperature = 55.0

    /// When degradation begins and when the machine fails (same time unit).
    package var onset: Double
    package var failure: Double

    package init(onset: Double, failure: Double) {
        self.onset = onset
        self.failure = max(failure, onset + 1e-9)
    }

    /// Exponential growth rate per time unit.
    package var growth: Double {
        log(1 + (Self.failureVelocity - Self.healthyVelocity) / 0.1) / (failure - onset)
    }

    /// The velocity rise above healthy at `time` (0 before the onset).
    package func rise(at time: Double) -> Double {
        time > onset ? 0.1 * (exp(growth * (time - onset)) - 1) : 0
    }

    /// Noise-free velocity RMS (mm/s) at `time`.
    package func velocity(at time: Double) -> Double { Self.healthyVelocity + rise(at: time) }

    /// Noise-free bearing temperature (°C) at `time`.
    package func temperature(at time: Double) -> Double { Self.healthyTemperature + 2.2 * rise(at: time) }

    /// Peak acceleration (g) of the outer-race defect impulses at `time`.
    package func impulseAmplitude(at time: Double) -> Double { 0.4 * rise(at: time) }
}
