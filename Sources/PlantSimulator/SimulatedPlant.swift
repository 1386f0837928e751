#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Signals

/// A small plant of pumps, motors and fans whose sensor readings and vibration waveforms a seeded
/// generator produces: most machines stay healthy with noise; chosen ones degrade along
/// ``BearingDegradation`` (the same truth `pdm simulate --history` writes for training), so their
/// vibration, bearing temperature and bearing-defect impulses climb towards failure. A failed
/// bearing is replaced at once and the machine's life starts over, so a long simulation shows
/// repeated cycles. Pure: time is an argument.
package struct SimulatedPlant: Sendable {
    /// One simulated machine.
    package struct Machine: Sendable, Hashable {
        package var asset: String
        /// The degradation of its bearing; `nil` stays healthy.
        package var bearing: BearingDegradation?
    }

    /// One reading to publish.
    package struct Sample: Sendable, Hashable {
        package var asset: String
        package var channel: String
        package var value: Double
    }

    /// What shapes a machine's acceleration waveform.
    package struct Vibration: Sendable, Hashable {
        /// Shaft speed (Hz): the 1× and 2× tones.
        package var shaftSpeed: Double
        /// Outer-race defect frequency (Hz): the impulse rate of a failing bearing.
        package var bpfo: Double
        /// Structural resonance the impulses ring at (Hz).
        package var resonance: Double

        package init(shaftSpeed: Double, bpfo: Double, resonance: Double = 3_500) {
            self.shaftSpeed = shaftSpeed
            self.bpfo = bpfo
            self.resonance = resonance
        }

        /// A machine at 1,480 rpm with a typical outer-race factor (BPFO ≈ 3.6 × shaft speed).
        package static let standard = Vibration(shaftSpeed: 1480.0 / 60, bpfo: 3.6 * 1480.0 / 60)
    }

    package private(set) var machines: [Machine]
    private var random: SplitMix64
    private var waveformRandom: SplitMix64

    /// `assets` machines named pump-1, motor-1, fan-1, pump-2, …; `degrading` of them (from the first)
    /// start to degrade `onset` time units after the start and fail `timeToFailure` later.
    package init(assets: Int, degrading: Int, onset: Double, timeToFailure: Double, seed: UInt64) {
        let kinds = ["pump", "motor", "fan"]
        random = SplitMix64(seed: seed)
        // Waveforms draw from their own generator: the readings are the same with or without them.
        waveformRandom = SplitMix64(seed: seed ^ 0x5EED_0F_5A3D)
        machines = (0..<max(0, assets)).map { index in
            Machine(asset: "\(kinds[index % kinds.count])-\(index / kinds.count + 1)",
                    bearing: index < degrading ? BearingDegradation(onset: onset, failure: onset + timeToFailure) : nil)
        }
    }

    /// The degradation of `asset`'s bearing: `nil` for a healthy machine or an unknown asset.
    package func degradation(of asset: String) -> BearingDegradation? {
        machines.first { $0.asset == asset }?.bearing
    }

    /// Readings of every machine at `time`.
    package mutating func samples(at time: Double) -> [Sample] {
        var samples: [Sample] = []
        for machine in machines {
            let rise = Self.rise(of: machine, at: time)
            let velocity = BearingDegradation.healthyVelocity + rise + noise(0.08)
            let bearing = BearingDegradation.healthyTemperature + 2.2 * rise + noise(0.4)
            samples.append(Sample(asset: machine.asset, channel: "velocity_rms", value: max(0, velocity)))
            samples.append(Sample(asset: machine.asset, channel: "bearing_temp", value: bearing))
            if machine.asset.hasPrefix("motor") {
                samples.append(Sample(asset: machine.asset, channel: "winding_temp", value: 95 + 2.5 * rise + noise(0.5)))
            }
            if machine.asset.hasPrefix("pump") {
                samples.append(Sample(asset: machine.asset, channel: "suction_pressure", value: 1.2 + noise(0.03)))
            }
        }
        return samples
    }

    /// A block of `count` acceleration samples (g) of `asset`'s bearing housing at `time`, taken
    /// at `sampleRate`: the 1× and 2× shaft tones (their velocity RMS is the machine's velocity),
    /// broadband noise, and once the bearing degrades, impulses at the outer-race defect frequency
    /// ringing at the structure's resonance, growing with the damage. `nil` for an unknown asset.
    package mutating func waveform(of asset: String, at time: Double, sampleRate: Double, count: Int,
                                  vibration: Vibration = .standard) -> [Float]? {
        guard let machine = machines.first(where: { $0.asset == asset }), sampleRate > 0, count > 0 else { return nil }
        let rise = Self.rise(of: machine, at: time)
        let velocity = BearingDegradation.healthyVelocity + rise  // mm/s RMS
        let standardGravity = 9_806.65  // mm/s² per g
        // A tone of peak acceleration A (g) at f Hz has a velocity RMS of A·g/(2πf√2).
        let shaft = 2 * Double.pi * vibration.shaftSpeed
        let tone = velocity * shaft * 2.0.squareRoot() / standardGravity / (1 + 0.2 * 0.2 / 4).squareRoot()
        let phase = Double.random(in: 0..<(2 * .pi), using: &waveformRandom)
        var block = [Float](repeating: 0, count: count)
        for index in 0..<count {
            let t = Double(index) / sampleRate
            let value = tone * sin(shaft * t + phase) + 0.2 * tone * sin(2 * shaft * t + 2 * phase)
            block[index] = Float(value + Gaussian.sample(0.01, using: &waveformRandom))
        }
        let amplitude = machine.bearing.map { $0.impulseAmplitude(at: Self.lifeTime(of: $0, at: time)) } ?? 0
        guard amplitude > 0, vibration.bpfo > 0 else { return block }
        let period = 1 / vibration.bpfo
        let ring = 2 * Double.pi * vibration.resonance
        let decay = 0.0008  // seconds
        let length = min(count, Int((8 * decay * sampleRate).rounded(.up)))
        var impulse = Double.random(in: 0..<period, using: &waveformRandom)
        while impulse < Double(count) / sampleRate {
            let first = Int((impulse * sampleRate).rounded(.up))
            // Slip of the rolling elements: the spacing wanders by about one percent.
            let strength = amplitude * (1 + Gaussian.sample(0.1, using: &waveformRandom))
            for index in first..<min(count, first + length) {
                let t = Double(index) / sampleRate - impulse
                block[index] += Float(strength * exp(-t / decay) * sin(ring * t))
            }
            impulse += period * (1 + Gaussian.sample(0.01, using: &waveformRandom))
        }
        return block
    }

    /// Time within the current life of the machine's bearing (a new bearing at each failure).
    static func lifeTime(of bearing: BearingDegradation, at time: Double) -> Double {
        time < bearing.failure ? time : (time - bearing.failure).truncatingRemainder(dividingBy: bearing.failure)
    }

    static func rise(of machine: Machine, at time: Double) -> Double {
        machine.bearing.map { $0.rise(at: lifeTime(of: $0, at: time)) } ?? 0
    }

    private mutating func noise(_ sigma: Double) -> Double {
        Gaussian.sample(sigma, using: &random)
    }
}
