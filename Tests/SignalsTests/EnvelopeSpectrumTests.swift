import Synchronization
import Foundation
import Signals
import Testing
import TestSupport

@Suite("Envelope spectrum")
struct EnvelopeSpectrumTests {
    @Test("an amplitude-modulated resonance shows its modulation frequency")
    func modulation() throws {
        let fs = 25_600.0
        let samples = (0..<16384).map { index -> Float in
            let t = Double(index) / fs
            return Float((1 + 0.5 * cos(2 * .pi * 100 * t)) * sin(2 * .pi * 5000 * t))
        }
        let spectrum = try EnvelopeSpectrum(samples: samples, sampleRate: fs, band: 3000...7000)
        #expect(abs(spectrum.amplitude(at: 100) - 0.5) < 0.05)
        #expect(spectrum.amplitude(at: 150) < 0.05)
    }

    @Test("a band beyond Nyquist is refused")
    func badBand() {
        #expect(throws: SignalError.self) {
            try EnvelopeSpectrum(samples: [Float](repeating: 0, count: 1024), sampleRate: 1000, band: 100...600)
        }
    }
}

/// The MFPT bearing recordings in ../shared/data: healthy, outer-race and inner-race faults told
/// apart by kurtosis and by envelope peaks at the outer (BPFO) and inner (BPFI) race defect frequencies.
@Suite("MFPT bearing data", .enabled(if: MFPT.available, "../shared/data/mfpt is not beside this checkout"))
struct MFPTBearingTests {
    struct Diagnosis {
        var kurtosis: Double
        /// Envelope amplitude at BPFO and BPFI over the 20–300 Hz noise floor.
        var outerRace: Double
        var innerRace: Double
    }

    func diagnose(_ name: String) throws -> Diagnosis {
        let (samples, sampleRate) = try MFPT.load(name, count: 65536)
        let indicators = try WaveformIndicators(samples: samples)
        let spectrum = try EnvelopeSpectrum(samples: samples, sampleRate: sampleRate, band: 2000...10000)
        let floor = spectrum.noiseFloor(from: 20, to: 300)
        return Diagnosis(kurtosis: indicators.kurtosis, outerRace: spectrum.amplitude(at: 81.125) / floor,
                         innerRace: spectrum.amplitude(at: 118.875) / floor)
    }

    @Test("healthy: Gaussian-like kurtosis and no defect-frequency peak")
    func healthy() throws {
        let d = try diagnose("baseline_1")
        #expect(d.kurtosis < 3.5)
        #expect(d.outerRace < 6 && d.innerRace < 6, "BPFO \(d.outerRace), BPFI \(d.innerRace)")
    }

    @Test("outer-race fault: a strong envelope peak at BPFO, none at BPFI")
    func outerRace() throws {
        let d = try diagnose("OuterRaceFault_1")
        #expect(d.outerRace > 10, "BPFO \(d.outerRace)")
        #expect(d.outerRace > 3 * d.innerRace, "BPFO \(d.outerRace) vs BPFI \(d.innerRace)")
    }

    @Test("inner-race fault: impulsive (high kurtosis) with an envelope peak at BPFI")
    func innerRace() throws {
        let d = try diagnose("InnerRaceFault_vload_1")
        #expect(d.kurtosis > 10, "kurtosis \(d.kurtosis)")
        #expect(d.innerRace > 10, "BPFI \(d.innerRace)")
        #expect(d.innerRace > 3 * d.outerRace, "BPFI \(d.innerRace) vs BPFO \(d.outerRace)")
    }
}

/// Access to ../shared/data/mfpt.
enum MFPT {
    static var directory: URL { SharedData.file("mfpt") }

    static var available: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("baseline_1.csv").path)
    }

    /// The first `count` samples of a recording and its sample rate (from the .json beside it).
    /// Each file is read once per test process and shared.
    static func load(_ name: String, count: Int) throws -> ([Float], Double) {
        let (samples, sampleRate) = try recordings.withLock { cache in
            if let known = cache[name] { return known }
            let read = try read(name)
            cache[name] = read
            return read
        }
        return (count >= samples.count ? samples : Array(samples.prefix(count)), sampleRate)
    }

    private static let recordings = Mutex<[String: ([Float], Double)]>([:])

    private static func read(_ name: String) throws -> ([Float], Double) {
        let metadata = try JSONSerialization.jsonObject(
            with: Data(contentsOf: directory.appendingPathComponent("\(name).json"))) as? [String: Any]
        let sampleRate = try #require(metadata?["sampling_rate"] as? Double)
        let data = try Data(contentsOf: directory.appendingPathComponent("\(name).csv"))
        var samples: [Float] = []
        samples.reserveCapacity(data.count / 10)
        // strtof over the bytes: one number per line, quick even in a debug build.
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else { return }
            var text = Array(UnsafeBufferPointer(start: base, count: raw.count))
            text.append(0)
            text.withUnsafeMutableBufferPointer { buffer in
                guard var cursor = UnsafeMutablePointer(buffer.baseAddress) else { return }
                let end = cursor + buffer.count - 1
                while cursor < end {
                    var next: UnsafeMutablePointer<CChar>?
                    let value = strtof(cursor, &next)
                    guard let next, next > cursor else { cursor += 1; continue }
                    samples.append(value)
                    cursor = next
                }
            }
        }
        return (samples, sampleRate)
    }
}

@Suite("Spectrum")
struct SpectrumTests {
    @Test("band energies of a partition add up to the mean square (Parseval)")
    func parseval() throws {
        var random = SplitMix64(seed: 5)
        let samples = (0..<4096).map { _ in Float.random(in: -1...1, using: &random) }
        let spectrum = try Spectrum(samples: samples, sampleRate: 8192)
        let total = [0.0...1000, 1000.5...2000, 2000.5...4096].map { spectrum.bandEnergy($0) }.reduce(0, +)
        let meanSquare = samples.reduce(0.0) { $0 + Double($1) * Double($1) } / 4096
        #expect(abs(total - meanSquare) < 1e-9)
    }

    @Test("a tone's energy is in its band")
    func tone() throws {
        let samples = (0..<4096).map { Float(3 * sin(2 * Double.pi * 1000 * Double($0) / 8192)) }
        let spectrum = try Spectrum(samples: samples, sampleRate: 8192)
        #expect(abs(spectrum.bandEnergy(900...1100) - 4.5) < 1e-6)
        #expect(spectrum.bandEnergy(1500...4096) < 1e-9)
    }
}
