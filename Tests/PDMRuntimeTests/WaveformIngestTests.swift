import Foundation
import PDMConfig
import PDMRuntime
import Prognostics
import Signals
import Testing

@Suite("Waveform blocks and screening in the ingest pipeline")
struct WaveformIngestTests {
    static let yaml = """
        broker: {host: 127.0.0.1, port: 1883}
        subscriptions:
          - topic: plant/{asset}/{channel}
        statistics:
          window: 8
          late_after: 10
          baseline_readings: 5
          ranges: {temp: [-40, 200]}
        asset_classes:
          pump:
            machine_group: group2_rigid
            bearing: {elements: 9, element_diameter: 7.94, pitch_diameter: 39.04}
            shaft_rpm: 1500
            envelope_band: [2000, 6000]
            bands: {low: [10, 1000], high: [1000, 6000]}
        assets:
          - {match: "pump-*", class: pump}
        rules:
          - {name: zone-c, channel: accel.velocity_rms, above: 2.8, deadband: 0.2}
        """

    static func pipeline(models: ModelLibrary = ModelLibrary()) throws -> IngestPipeline {
        IngestPipeline(configuration: try PDMConfiguration.parse(yaml: yaml, file: "t.yaml", environment: [:]),
                       models: models)
    }

    /// 1 s at 12.8 kHz: a 25 Hz vibration of `velocity` mm/s RMS, plus noise.
    static func block(velocity: Double, seed: UInt64 = 1) -> [Float] {
        var random = SplitMix64(seed: seed)
        let fs = 12_800.0, f = 25.0
        // Acceleration amplitude in g of a sine whose velocity RMS is `velocity` mm/s.
        let amplitude = velocity * 2.squareRoot() * 2 * .pi * f / 1000 / 9.80665
        return (0..<12_800).map { n in
            Float(amplitude * sin(2 * .pi * f * Double(n) / fs) + Gaussian.sample(0.001, using: &random))
        }
    }

    static func readings(_ outputs: [IngestPipeline.Output]) -> [String: Double] {
        var result: [String: Double] = [:]
        for case .reading(let reading) in outputs { result[reading.channel] = reading.value }
        return result
    }

    @Test func jsonAndBinaryBlocksGiveTheSameIndicators() throws {
        let samples = Self.block(velocity: 3.5)
        let json = try JSONSerialization.data(withJSONObject: ["ts": 1_700_000_000, "fs": 12_800, "samples": samples.map(Double.init)])
        let binary = WaveformBlock(asset: "pump-1", channel: "accel", time: 1_700_000_000, sampleRate: 12_800,
                                   samples: samples).binaryPayload()
        #expect(binary.count == 32 + 4 * samples.count)
        var first = try Self.pipeline(), second = try Self.pipeline()
        let fromJSON = first.handle(topic: "plant/pump-1/accel", payload: Array(json), receivedAt: 1_700_000_000)
        let fromBinary = second.handle(topic: "plant/pump-1/accel", payload: binary, receivedAt: 1_700_000_000)
        let a = Self.readings(fromJSON), b = Self.readings(fromBinary)
        #expect(a.keys.sorted() == ["accel.band_high", "accel.band_low", "accel.bpfi", "accel.bpfi_snr", "accel.bpfo",
                                    "accel.bpfo_snr", "accel.bsf", "accel.bsf_snr", "accel.crest_factor",
                                    "accel.envelope_floor", "accel.ftf", "accel.ftf_snr", "accel.kurtosis", "accel.peak",
                                    "accel.peak_to_peak", "accel.rms", "accel.skewness", "accel.velocity_rms"])
        for (name, value) in a {
            #expect(abs(value - (b[name] ?? .nan)) <= 1e-6 * max(1, abs(value)), "\(name)")
        }
        let velocity = try #require(a["accel.velocity_rms"])
        #expect(abs(velocity - 3.5) < 0.1, "velocity RMS \(velocity)")
        #expect(abs((a["accel.crest_factor"] ?? 0) - 2.squareRoot()) < 0.1)
        // Zone C on ISO 10816-3 group 2 rigid: the rule on the derived channel fires.
        #expect(fromBinary.contains { output in
            guard case .alarms(let actions) = output else { return false }
            return AlarmEvent.events(in: actions).contains { $0.rule == "zone-c" }
        })
        let waveform = fromBinary.compactMap { if case .waveform(_, _, _, let features) = $0 { features } else { nil } }
        #expect(waveform.first?.zone == .c)
        #expect(waveform.first?.spectralSamples == 8192)
    }

    @Test func badWaveformsAreRejectedWithAReason() throws {
        var pipeline = try Self.pipeline()
        func reason(_ payload: [UInt8]) -> String? {
            for case .rejected(let error) in pipeline.handle(topic: "plant/pump-1/accel", payload: payload, receivedAt: 0) {
                return error.reason + ": " + error.description
            }
            return nil
        }
        #expect(reason(Array(#"{"fs": 0, "samples": [1, 2, 3]}"#.utf8))?.contains("sample rate 0.0 Hz is outside 1.0…10000000.0 Hz") == true)
        #expect(reason(Array(#"{"samples": [1, 2, 3]}"#.utf8))?.contains("needs 'fs'") == true)
        #expect(reason(Array(#"{"fs": 100, "samples": [1, "x", 3]}"#.utf8))?.contains("sample 1 is \"x\"") == true)
        #expect(reason(Array(#"{"fs": 100, "samples": [1, 1e300]}"#.utf8))?.contains("sample 1") == true)
        var binary = WaveformBlock(asset: "a", channel: "accel", time: 1_700_000_000, sampleRate: 100, samples: [1, 2, 3]).binaryPayload()
        #expect(reason(Array(binary.dropLast()))?.hasPrefix("malformed_payload") == true)
        binary[32] = 0xFF; binary[33] = 0xFF; binary[34] = 0xC0; binary[35] = 0x7F // a NaN
        #expect(reason(binary)?.contains("sample 0 is nan") == true)
        binary[4] = 2
        #expect(reason(binary)?.contains("format version 2 is not supported") == true)
        #expect(reason(Array("PDMW".utf8))?.contains("shorter than the 32-byte header") == true)
    }

    @Test func lateAndOutOfRangeReadingsAreCountedNotFoldedIn() throws {
        var pipeline = try Self.pipeline()
        func send(_ time: Double, _ value: Double) -> [IngestPipeline.Output] {
            pipeline.handle(topic: "plant/fan-1/temp", payload: Array(#"{"ts": \#(1_700_000_000 + time), "value": \#(value)}"#.utf8),
                            receivedAt: 1_700_000_200)
        }
        _ = send(100, 50)
        _ = send(95, 52) // out of order, within late_after: counted
        let late = send(80, 99)
        let absurd = send(101, 9999)
        #expect(late.contains { if case .rejected(.late(_, "fan-1", "temp", 1_700_000_080, 1_700_000_100)) = $0 { true } else { false } })
        #expect(absurd.contains { if case .rejected(let error) = $0 { error.reason == "out_of_range" } else { false } })
        let features = try #require(pipeline.features(asset: "fan-1", channel: "temp"))
        #expect(features.count == 2 && features.mean == 51)
    }

    @Test func baselineLearnedThenAnomaliesScored() throws {
        var pipeline = try Self.pipeline()
        for (index, value) in [50.0, 51, 49, 50, 50].enumerated() {
            _ = pipeline.handle(topic: "plant/fan-1/temp", payload: Array(#"{"ts": \#(1_700_000_000 + index), "value": \#(value)}"#.utf8),
                                receivedAt: 1_700_000_100)
            #expect(pipeline.features(asset: "fan-1", channel: "temp")?.anomaly == nil)
        }
        _ = pipeline.handle(topic: "plant/fan-1/temp", payload: Array(#"{"ts": 1700000006, "value": 60}"#.utf8), receivedAt: 1_700_000_100)
        let anomaly = try #require(pipeline.features(asset: "fan-1", channel: "temp")?.anomaly)
        #expect(anomaly.zScore > 10)
        #expect(anomaly.score > 1)
    }

    @Test func assetWithAModelGetsEstimatesAndKeepsThemAcrossAReloadOfTheSameVersion() throws {
        let model = PrognosticModel(
            name: "pump", version: 1, fittedAt: "", description: "", assets: ["pump-*"], timeUnit: "s", timeStep: 1,
            horizon: 100,
            healthIndicator: HealthIndicator(channels: [.init(name: "temp", center: 50, scale: 10, weight: 1, low: -40, high: 200)],
                                             bias: 0),
            threshold: Threshold(value: 3, spread: 0), method: .linear,
            linear: DegradationModel(shape: .linear, offset: 0,
                                     prior: LinePrior(intercept: 0, slope: 0.01, interceptVariance: 1, slopeVariance: 1e-4,
                                                      covariance: 0, noiseVariance: 0.01),
                                     memory: 50, onset: 0.5, durations: [50]),
            baselines: ["temp": Baseline(mean: 50, standardDeviation: 1)])
        var pipeline = try Self.pipeline(models: ModelLibrary(entries: [.init(path: "m.json", model: model)]))
        var estimates: [RULEstimate] = []
        for second in 0..<30 {
            let value = 50 + Double(second) * 0.5
            for case .estimate(let estimate, "s") in pipeline.handle(topic: "plant/pump-1/temp",
                                                                     payload: Array(#"{"ts": \#(1_700_000_000 + second), "value": \#(value)}"#.utf8),
                                                                     receivedAt: 1_700_000_100) {
                estimates.append(estimate)
            }
        }
        #expect(estimates.count == 29)
        // The model's baseline arms the anomaly detectors from the first reading.
        #expect(pipeline.features(asset: "pump-1", channel: "temp")?.anomaly != nil)
        // Degradation under way: the remaining life is shrinking, within the horizon.
        let last = try #require(estimates.last)
        #expect(!last.beyondHorizon && last.rul < 100)
        #expect(estimates.map(\.rul).suffix(10).first.map { $0 > last.rul } == true)
        // Same model again: state kept (the next reading gives the next step's estimate).
        pipeline.replaceModels(ModelLibrary(entries: [.init(path: "m.json", model: model)]))
        let next = pipeline.handle(topic: "plant/pump-1/temp", payload: Array(#"{"ts": 1700000030, "value": 65}"#.utf8),
                                   receivedAt: 1_700_000_100)
        #expect(next.contains { if case .estimate(let e, _) = $0 { e.time == 1_700_000_029 } else { false } })
        // No model for fans: no estimates.
        let fan = pipeline.handle(topic: "plant/fan-1/temp", payload: Array(#"{"ts": 1700000001, "value": 65}"#.utf8),
                                  receivedAt: 1_700_000_100)
        #expect(!fan.contains { if case .estimate = $0 { true } else { false } })
    }

    @Test func assetClassesAreValidated() {
        #expect {
            try PDMConfiguration.parse(yaml: """
                subscriptions: [{topic: "p/{asset}"}]
                asset_classes:
                  pump:
                    machine_group: group9
                    bearing: {elements: 9, element_diameter: 40, pitch_diameter: 39}
                    envelope_band: [6000, 2000]
                  fan:
                    bearing: {elements: 9, element_diameter: 7, pitch_diameter: 39}
                assets:
                  - {match: "p-*", class: pmup}
                """, file: "t.yaml", environment: [:])
        } throws: { error in
            let text = "\(error)"
            return text.contains("t.yaml:4:20: asset_classes.pump.machine_group: unknown machine group 'group9'")
                && text.contains("needs 0 < element_diameter < pitch_diameter")
                && text.contains("bearing geometry needs shaft_speed or shaft_rpm")
                && text.contains("asset_classes.pump.envelope_band: expected [low, high] with low < high")
                && text.contains("unknown asset class 'pmup' (known: fan, pump)")
        }
    }
}

extension WaveformIngestTests {
    /// Outer-race impacts on a pump whose class names its bearing but no demodulation band: the
    /// defect amplitudes, their ratios to the floor and the diagnosis come out as derived channels,
    /// and a rule on the diagnosis raises an alarm.
    @Test func theDiagnosisIsADerivedChannel() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "    envelope_band: [2000, 6000]\n", with: "")
            + "\n  - {name: bearing-fault, channel: accel.diagnosis, above: 0}\n"
        var pipeline = IngestPipeline(configuration: try PDMConfiguration.parse(yaml: yaml, file: "t.yaml", environment: [:]))
        let geometry = BearingGeometry(elements: 9, elementDiameter: 7.94, pitchDiameter: 39.04)
        let bpfo = geometry.defectFrequencies(shaftSpeed: 25).bpfo
        var random = SplitMix64(seed: 3)
        var last: [String: Double] = [:]
        var raised = false
        for second in 0..<4 {
            var samples = (0..<12_800).map { _ in Float(Gaussian.sample(0.05, using: &random)) }
            var impact = 0.004
            while impact < 1 {
                let first = Int(impact * 12_800)
                for offset in 0..<60 where first + offset < samples.count {
                    let t = Double(offset) / 12_800
                    samples[first + offset] += Float(0.4 * exp(-t * 2000) * sin(2 * .pi * 4200 * t))
                }
                impact += 1 / bpfo
            }
            let block = WaveformBlock(asset: "pump-1", channel: "accel", time: 1_700_000_000 + Double(second),
                                      sampleRate: 12_800, samples: samples)
            let outputs = pipeline.handle(topic: "plant/pump-1/accel", payload: block.binaryPayload(),
                                          receivedAt: 1_700_000_000 + Double(second))
            last.merge(Self.readings(outputs)) { $1 }
            for case .alarms(let actions) in outputs where actions.contains(where: { if case .journal = $0 { true } else { false } }) {
                raised = true
            }
        }
        #expect(last["accel.diagnosis"] == Double(BearingFault.outerRace.code), "\(last)")
        #expect((last["accel.bpfo_snr"] ?? 0) > 2 * (last["accel.bpfi_snr"] ?? 0), "\(last)")
        #expect(last["accel.bpfo"] != nil && last["accel.envelope_floor"] != nil)
        #expect(raised)
        #expect(pipeline.features(asset: "pump-1", channel: "accel.diagnosis")?.value == 1)
    }
}
