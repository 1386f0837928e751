#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Signals

/// A small plant of pumps, motors and fans whose sensor readings a seeded generator produces: most
/// machines stay healthy with noise; chosen ones degrade along an exponential trajectory, so their
/// vibration and bearing temperature climb towards failure. Pure: time is an argument.
public struct SimulatedPlant: Sendable {
    /// One simulated machine.
    public struct Machine: Sendable, Hashable {
        public var asset: String
        /// Seconds from the start of the simulation at which degradation begins; `nil` stays healthy.
        public var degradationStart: Double?
        /// Exponential growth rate of the degradation per second.
        public var growth: Double
    }

    /// One reading to publish.
    public struct Sample: Sendable, Hashable {
        public var asset: String
        public var channel: String
        public var value: Double
    }

    public private(set) var machines: [Machine]
    private var random: SplitMix64

    /// `assets` machines named pump-1, motor-1, fan-1, pump-2, …; `degrading` of them (from the first)
    /// start to degrade after `onset` seconds, reaching zone D vibration roughly `timeToFailure` later.
    public init(assets: Int, degrading: Int, onset: Double, timeToFailure: Double, seed: UInt64) {
        let kinds = ["pump", "motor", "fan"]
        random = SplitMix64(seed: seed)
        machines = (0..<max(0, assets)).map { index in
            let name = "\(kinds[index % kinds.count])-\(index / kinds.count + 1)"
            // From 1.8 mm/s healthy to 4.5 mm/s (zone D) in `timeToFailure`: growth = ln(2.7/0.1)/T.
            let growth = 3.2958 / max(timeToFailure, 1)
            return Machine(asset: name, degradationStart: index < degrading ? onset : nil, growth: growth)
        }
    }

    /// Readings of every machine at `time` seconds after the start.
    public mutating func samples(at time: Double) -> [Sample] {
        var samples: [Sample] = []
        for machine in machines {
            var degradation = 0.0
            if let start = machine.degradationStart, time > start {
                degradation = 0.1 * (exp(machine.growth * (time - start)) - 1)
            }
            let velocity = 1.8 + degradation + noise(0.08)
            let bearing = 55 + 9 * degradation + noise(0.4)
            samples.append(Sample(asset: machine.asset, channel: "velocity_rms", value: max(0, velocity)))
            samples.append(Sample(asset: machine.asset, channel: "bearing_temp", value: bearing))
            if machine.asset.hasPrefix("motor") {
                samples.append(Sample(asset: machine.asset, channel: "winding_temp", value: 95 + 6 * degradation + noise(0.5)))
            }
            if machine.asset.hasPrefix("pump") {
                samples.append(Sample(asset: machine.asset, channel: "suction_pressure", value: 1.2 + noise(0.03)))
            }
        }
        return samples
    }

    private mutating func noise(_ sigma: Double) -> Double {
        Gaussian.sample(sigma, using: &random)
    }
}
