import Signals

/// Run-to-failure histories of a fleet of rotating machines with a known truth: each machine runs
/// healthy, then from a random onset its bearing degrades (``BearingDegradation``) until the
/// vibration velocity reaches the failure level, which is the last row. Channels:
///
/// - `velocity_rms` (mm/s): ``BearingDegradation/velocity(at:)``, noise 0.08
/// - `bearing_temp` (°C): ``BearingDegradation/temperature(at:)``, noise 0.4
/// - `speed` (rpm): constant 1480 (no information)
/// - `ambient_temp` (°C): noise around 22 (no information)
///
/// Pure and seeded: the same seed gives the same fleet.
package struct RunToFailureFleet: Sendable {
    /// One machine's history.
    package struct Run: Sendable, Hashable {
        package var asset: String
        /// Time of the first row; the machine fails at `failureTime`, the last row.
        package var start: Double
        package var onset: Double
        package var failureTime: Double
        package var times: [Double]
        /// One row per time: a value per channel of ``RunToFailureFleet/channels``.
        package var rows: [[Double]]
    }

    package static let channels = ["velocity_rms", "bearing_temp", "speed", "ambient_temp"]
    /// Velocity RMS at failure (mm/s).
    package static let failureVelocity = BearingDegradation.failureVelocity

    package private(set) var runs: [Run] = []

    /// - Parameters:
    ///   - count: machines in the fleet, named `<prefix>-1`, `<prefix>-2`, ….
    ///   - lives: range of the machines' lives (time units).
    ///   - step: time between rows.
    ///   - start: time of every machine's first row.
    package init(count: Int, lives: ClosedRange<Double>, step: Double, start: Double = 0, prefix: String = "machine",
                seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for index in 0..<max(count, 0) {
            let life = (Double.random(in: lives, using: &random) / step).rounded() * step
            let onset = start + (Double.random(in: 0.25...0.6, using: &random) * life / step).rounded() * step
            let failure = start + life
            let bearing = BearingDegradation(onset: onset, failure: failure)
            var times: [Double] = [], rows: [[Double]] = []
            var time = start
            while time <= failure + step / 2 {
                rows.append([
                    max(0, bearing.velocity(at: time) + Self.noise(0.08, &random)),
                    bearing.temperature(at: time) + Self.noise(0.4, &random),
                    1480,
                    22 + Self.noise(1.5, &random),
                ])
                times.append(time)
                time += step
            }
            runs.append(Run(asset: "\(prefix)-\(index + 1)", start: start, onset: onset, failureTime: failure,
                            times: times, rows: rows))
        }
    }

    /// The fleet as a history CSV (`asset,time,<channel>,…`); `date` formats times, numbers if nil.
    package func csv(date: ((Double) -> String)? = nil) -> String {
        var text = "asset,time," + Self.channels.joined(separator: ",") + "\n"
        for run in runs {
            for (time, row) in zip(run.times, run.rows) {
                text += run.asset + "," + (date?(time) ?? Self.format(time)) + ","
                text += row.map(Self.format).joined(separator: ",") + "\n"
            }
        }
        return text
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String((value * 10_000).rounded() / 10_000)
    }

    private static func noise(_ sigma: Double, _ random: inout SplitMix64) -> Double {
        Gaussian.sample(sigma, using: &random)
    }
}
