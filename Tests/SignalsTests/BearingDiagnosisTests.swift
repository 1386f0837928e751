import Foundation
import Signals
import Testing

/// The bearing diagnosis on every MFPT recording in ../shared/data, at the short block size the
/// simulator and docs use and at a long one. The defect frequencies are the bearing maker's, at the
/// nominal shaft speed; nothing is fitted to these files.
@Suite("Bearing diagnosis on the MFPT recordings", .enabled(if: MFPT.available, "../shared/data/mfpt is not beside this checkout"))
struct BearingDiagnosisTests {
    static let defects = DefectFrequencies(bpfo: 81.125, bpfi: 118.875, bsf: 63.91, ftf: 14.8375)
    static let recordings: [(name: String, truth: BearingFault)] =
        ["baseline_1", "baseline_2"].map { ($0, .healthy) }
        + (["OuterRaceFault_1", "OuterRaceFault_2"] + (1...5).map { "OuterRaceFault_vload_\($0)" }).map { ($0, .outerRace) }
        + (1...5).map { ("InnerRaceFault_vload_\($0)", .innerRace) }

    /// Streams a recording block by block; returns every verdict given along the way.
    static func diagnose(_ samples: [Float], sampleRate: Double, block: Int) throws -> [BearingDiagnosis] {
        var diagnoser = BearingDiagnoser(defects: defects, shaftSpeed: 25)
        var verdicts: [BearingDiagnosis] = []
        var start = 0
        while start + block <= samples.count {
            let spectrum = try Spectrum(samples: Array(samples[start..<(start + block)]), sampleRate: sampleRate)
            if let diagnosis = try diagnoser.add(spectrum).diagnosis { verdicts.append(diagnosis) }
            start += block
        }
        return verdicts
    }

    @Test(arguments: [8192, 65536])
    func everyRecordingIsDiagnosedRight(block: Int) throws {
        var table: [String] = []
        for (name, truth) in Self.recordings {
            let (samples, sampleRate) = try MFPT.load(name, count: .max)
            let verdicts = try Self.diagnose(samples, sampleRate: sampleRate, block: block)
            let last = try #require(verdicts.last, "\(name): no verdict")
            #expect(last.fault == truth, "\(name) at \(block): \(last.fault.rawValue), evidence \(last.evidence)")
            // No other fault is ever called on the way.
            let wrong = verdicts.filter { $0.fault != truth && $0.fault != .healthy }
            #expect(wrong.isEmpty, "\(name) at \(block): called \(wrong.map(\.fault.rawValue)) on the way")
            let evidence = BearingFault.faults.map { fault in
                "\(fault.rawValue) \(String(format: "%.1f", last.evidence[fault] ?? 0))"
            }
            table.append("\(name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(String(format: "%6.0f", sampleRate)) Hz "
                + "\(last.blocks) blocks -> \(last.fault.rawValue) (\(String(format: "%.2f", last.confidence))); "
                + evidence.joined(separator: ", "))
        }
        print("diagnosis at \(block)-sample blocks:\n" + table.joined(separator: "\n"))
    }

    /// Without a band, the demodulation band is chosen where the signal is impulsive: above the
    /// lines, and the same whether the blocks are short or long.
    @Test func theBandIsChosenFromTheSignal() throws {
        let (samples, sampleRate) = try MFPT.load("OuterRaceFault_vload_2", count: .max)
        let short = try #require(try Self.diagnose(samples, sampleRate: sampleRate, block: 8192).last)
        let long = try #require(try Self.diagnose(samples, sampleRate: sampleRate, block: 65536).last)
        #expect(short.band.lowerBound >= 800 && long.band.lowerBound >= 800)
        #expect(short.band.overlaps(long.band), "\(short.band) and \(long.band)")
    }
}

/// The diagnosis on signals whose truth is known by construction.
@Suite("Bearing diagnosis on synthetic signals")
struct SyntheticBearingDiagnosisTests {
    static let defects = DefectFrequencies(bpfo: 107.4, bpfi: 162.2, bsf: 70.6, ftf: 10.7)
    static let sampleRate = 25_600.0

    /// Gaussian noise, plus (when `period` is given) decaying 4 kHz bursts once per period, each
    /// scaled by `modulation` of its time (an inner race turning through the load zone).
    static func signal(seconds: Double, seed: UInt64, period: Double? = nil,
                       modulation: (Double) -> Double = { _ in 1 }) -> [Float] {
        var random = SplitMix64(seed: seed)
        let count = Int(seconds * sampleRate)
        var samples = (0..<count).map { _ in Float(Gaussian.sample(1, using: &random)) }
        if let period {
            var impact = 0.013
            while impact < seconds {
                let first = Int(impact * sampleRate)
                let amplitude = 3 * modulation(impact)
                for offset in 0..<200 where first + offset < count {
                    let t = Double(offset) / sampleRate
                    samples[first + offset] += Float(amplitude * exp(-t * 1500) * sin(2 * Double.pi * 4000 * t))
                }
                impact += period * (1 + 0.005 * Double.random(in: -1...1, using: &random))
            }
        }
        return samples
    }

    static func verdicts(_ samples: [Float], block: Int) throws -> [BearingDiagnosis] {
        var diagnoser = BearingDiagnoser(defects: defects, shaftSpeed: 24.7)
        var verdicts: [BearingDiagnosis] = []
        for start in stride(from: 0, to: samples.count - block + 1, by: block) {
            let spectrum = try Spectrum(samples: Array(samples[start..<(start + block)]), sampleRate: sampleRate)
            if let verdict = try diagnoser.add(spectrum).diagnosis { verdicts.append(verdict) }
        }
        return verdicts
    }

    /// Four seconds of noise at each of twenty-five seeds: never a fault.
    @Test func noiseIsHealthy() throws {
        var calls: [String] = []
        for seed in 0..<25 {
            for verdict in try Self.verdicts(Self.signal(seconds: 4, seed: UInt64(seed)), block: 8192)
            where verdict.fault != .healthy {
                calls.append("seed \(seed): \(verdict.fault.rawValue) \(verdict.evidence)")
            }
        }
        #expect(calls.isEmpty, "\(calls)")
    }

    @Test(arguments: [4096, 16384])
    func impactsAtADefectFrequencyAreThatFault(block: Int) throws {
        let outer = try #require(try Self.verdicts(Self.signal(seconds: 4, seed: 1, period: 1 / 107.4), block: block).last)
        #expect(outer.fault == .outerRace, "\(outer.evidence)")
        let inner = try #require(try Self.verdicts(Self.signal(seconds: 4, seed: 2, period: 1 / 162.2) { t in
            1 + 0.8 * cos(2 * Double.pi * 24.7 * t)
        }, block: block).last)
        #expect(inner.fault == .innerRace, "\(inner.evidence)")
        let ball = try #require(try Self.verdicts(Self.signal(seconds: 4, seed: 3, period: 1 / (2 * 70.6)), block: block).last)
        #expect(ball.fault == .ball, "\(ball.evidence)")
    }
}
