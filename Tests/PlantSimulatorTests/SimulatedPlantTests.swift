import PlantSimulator
import Signals
import Testing

@Suite("Simulated plant")
struct SimulatedPlantTests {
    @Test("the same seed gives the same readings and waveforms; waveforms do not change the readings")
    func reproducible() {
        var a = SimulatedPlant(assets: 3, degrading: 1, onset: 10, timeToFailure: 100, seed: 7)
        var b = SimulatedPlant(assets: 3, degrading: 1, onset: 10, timeToFailure: 100, seed: 7)
        let first = a.waveform(of: "pump-1", at: 50, sampleRate: 25_600, count: 1024)
        let second = b.waveform(of: "pump-1", at: 50, sampleRate: 25_600, count: 1024)
        #expect(first != nil && first == second)
        var c = SimulatedPlant(assets: 3, degrading: 1, onset: 10, timeToFailure: 100, seed: 7)
        let readings = c.samples(at: 5)
        let afterWaveform = a.samples(at: 5)
        #expect(afterWaveform == readings)
        var d = SimulatedPlant(assets: 3, degrading: 1, onset: 10, timeToFailure: 100, seed: 8)
        let otherSeed = d.samples(at: 5)
        #expect(otherSeed != readings)
    }

    @Test("a degrading machine reaches the failure velocity at its failure time; healthy ones stay in zone A/B")
    func degradation() {
        var plant = SimulatedPlant(assets: 3, degrading: 1, onset: 10, timeToFailure: 100, seed: 1)
        func velocity(_ asset: String, at time: Double) -> Double {
            plant.samples(at: time).first { $0.asset == asset && $0.channel == "velocity_rms" }?.value ?? .nan
        }
        #expect(plant.degradation(of: "pump-1") == BearingDegradation(onset: 10, failure: 110))
        #expect(plant.degradation(of: "motor-1") == nil)
        #expect(velocity("pump-1", at: 5) < 2.8)
        #expect(abs(velocity("pump-1", at: 109.9) - BearingDegradation.failureVelocity) < 0.4)
        #expect(velocity("motor-1", at: 110) < 2.8)
        // A new bearing after the failure: healthy again, then the same life over.
        #expect(velocity("pump-1", at: 112) < 2.8)
        #expect(abs(velocity("pump-1", at: 219.9) - BearingDegradation.failureVelocity) < 0.4)
    }

    @Test("waveforms: velocity RMS follows the machine; a failing bearing shows impulses at its BPFO")
    func waveforms() throws {
        var plant = SimulatedPlant(assets: 2, degrading: 1, onset: 10, timeToFailure: 100, seed: 3)
        let vibration = SimulatedPlant.Vibration(shaftSpeed: 2960.0 / 60, bpfo: 176.8)
        var analyzer = WaveformAnalyzer(analysis: WaveformAnalysis(
            zoneLimits: SeverityZoneLimits(ab: 1.4, bc: 2.8, cd: 4.5), envelopeBand: 2_000...8_000,
            defects: .frequencies(DefectFrequencies(bpfo: 176.8, bpfi: 266.9, bsf: 116.3, ftf: 19.6))))
        func features(_ asset: String, at time: Double) throws -> WaveformFeatures {
            let generated = plant.waveform(of: asset, at: time, sampleRate: 25_600, count: 16_384, vibration: vibration)
            let block = try #require(generated)
            return try analyzer.analyze(block, sampleRate: 25_600)
        }
        let healthy = try features("pump-1", at: 5)
        let failing = try features("pump-1", at: 105)
        let other = try features("motor-1", at: 105)
        let expected = BearingDegradation(onset: 10, failure: 110).velocity(at: 105)
        #expect(abs((healthy.velocityRMS ?? 0) - 1.8) < 0.2, "\(healthy.velocityRMS ?? -1)")
        #expect(abs((failing.velocityRMS ?? 0) - expected) / expected < 0.1, "\(failing.velocityRMS ?? -1) vs \(expected)")
        #expect(healthy.zone == .b && failing.zone == .d)
        #expect(failing.indicators.kurtosis > 2 * healthy.indicators.kurtosis, "\(failing.indicators.kurtosis)")
        let bpfo = failing.defectAmplitudes["bpfo"] ?? 0
        #expect(bpfo > 10 * (healthy.defectAmplitudes["bpfo"] ?? 1), "\(failing.defectAmplitudes) vs \(healthy.defectAmplitudes)")
        #expect(bpfo > 5 * (failing.defectAmplitudes["bpfi"] ?? 1), "\(failing.defectAmplitudes)")
        #expect((other.defectAmplitudes["bpfo"] ?? 0) < bpfo / 10)
        let unknown = plant.waveform(of: "nothing-1", at: 0, sampleRate: 25_600, count: 16)
        #expect(unknown == nil)
    }
}
