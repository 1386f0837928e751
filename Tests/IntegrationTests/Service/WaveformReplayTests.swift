import Foundation
import PDMRuntime
import PlantSimulator
import Signals
import Testing
import TestSupport

/// `pdm replay` on recordings that have no model: vibration waveforms and scalar histories alike.
@Suite("pdm replay without models", .enabled(if: Executables.pdm != nil, "the pdm executable is not built"))
struct WaveformReplayTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-wave-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func pdm(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let executable = try #require(Executables.pdm)
        return try await CommandLineTool(executable, arguments).finish(timeout: .seconds(60))
    }

    func write(_ text: String, _ name: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The MFPT rig's bearing, and a portable early warning on the envelope peak above its floor.
    static let rig = """
        asset_classes:
          mfpt-rig:
            shaft_speed: 25
            defect_frequencies: {bpfo: 81.125, bpfi: 118.875, bsf: 63.91, ftf: 14.8375}
        assets:
          - {match: "rig-*", class: mfpt-rig}
        rules:
          - {name: outer-race-peak, channel: accel.bpfo_snr, above: 1.8, on_delay: 1}
          - {name: bearing-fault, channel: accel.diagnosis, above: 0, priority: high}
        """

    static func objects(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").filter { $0.hasPrefix("{") }.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test(.enabled(if: SharedData.has("mfpt/OuterRaceFault_2.csv"), "../shared/data/mfpt is not beside this checkout"))
    func aRecordedWaveformGivesIndicatorsADiagnosisAndAlarms() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = try write(Self.rig, "alarms.yaml")
        for (file, rate, fault, alarmed) in [("OuterRaceFault_2", "97656", "outer_race", true),
                                             ("baseline_1", "97656", "healthy", false),
                                             ("InnerRaceFault_vload_1", "48828", "inner_race", true)] {
            let result = try await pdm(["replay", "--waveform", SharedData.file("mfpt/\(file).csv").path,
                                        "--sample-rate", rate, "--asset", "rig-1", "--config", config])
            #expect(result.status == 0, "\(result.output.suffix(400))")
            #expect(result.output.contains("pdm replay: no model applies to rig-1; rules only"))
            let lines = try Self.objects(result.output)
            let indicators = lines.filter { $0["kind"] as? String == "indicators" }
            #expect(indicators.count == (rate == "97656" ? 71 : 17), "\(file)")
            let values = try #require(indicators.last?["values"] as? [String: Double])
            for name in ["rms", "kurtosis", "velocity_rms", "bpfo", "bpfi", "bpfo_snr", "bpfi_snr", "envelope_floor", "diagnosis"] {
                #expect(values[name] != nil, "\(file): \(name) missing from \(values.keys.sorted())")
            }
            let diagnoses = lines.filter { $0["kind"] as? String == "diagnosis" }
            #expect(diagnoses.last?["fault"] as? String == fault, "\(file): \(diagnoses)")
            #expect((diagnoses.last?["evidence"] as? [String: Double])?.keys.sorted() == ["ball", "cage", "inner_race", "outer_race"])
            let raised = Set(lines.filter { $0["kind"] as? String == "alarm" && $0["state"] as? String == "active_unacknowledged" }
                .compactMap { $0["rule"] as? String })
            #expect(raised.contains("bearing-fault") == alarmed, "\(file): \(raised)")
            #expect(raised.contains("outer-race-peak") == (fault == "outer_race"), "\(file): \(raised)")
        }
    }

    /// Raw 32-bit floats, and the errors a bad file gets.
    @Test func rawFloatFilesAndBadInput() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var random = SplitMix64(seed: 4)
        var bytes: [UInt8] = []
        for index in 0..<(4 * 4096) {
            let value = Float(sin(Double(index) * 0.3)) + Float(Gaussian.sample(0.1, using: &random))
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
        }
        let raw = directory + "/block.f32"
        try Data(bytes).write(to: URL(fileURLWithPath: raw))
        let result = try await pdm(["replay", "--waveform", raw, "--sample-rate", "10240", "--asset", "fan-1", "--block", "4096"])
        #expect(result.status == 0, "\(result.output)")
        let indicators = try Self.objects(result.output).filter { $0["kind"] as? String == "indicators" }
        #expect(indicators.count == 4)
        #expect(indicators.compactMap { $0["time"] as? Double } == [0, 0.4, 0.8, 1.2])
        #expect(result.output.contains("no bearing is configured for fan-1"))

        try Data(bytes.prefix(10)).write(to: URL(fileURLWithPath: directory + "/cut.f32"))
        let cut = try await pdm(["replay", "--waveform", directory + "/cut.f32", "--sample-rate", "10240", "--asset", "fan-1"])
        #expect(cut.status == 2)
        #expect(cut.output.contains("cut.f32: 10 bytes is not a whole number of 32-bit samples"))
        let text = try write("accel\n0.1\n0.2\nabc\n", "bad.csv")
        let bad = try await pdm(["replay", "--waveform", text, "--sample-rate", "10240", "--asset", "fan-1"])
        #expect(bad.status == 2)
        #expect(bad.output.contains("bad.csv:4: not a number: \"abc\""), "\(bad.output)")
        // Samples so large their energy overflows: each block refused with the reason, none analysed.
        var huge: [UInt8] = []
        for index in 0..<8192 {
            withUnsafeBytes(of: Float(index % 2 == 0 ? 3e38 : -3e38).bitPattern.littleEndian) { huge += $0 }
        }
        try Data(huge).write(to: URL(fileURLWithPath: directory + "/huge.f32"))
        let overflow = try await pdm(["replay", "--waveform", directory + "/huge.f32", "--sample-rate", "10240",
                                      "--asset", "fan-1", "--block", "4096"])
        #expect(overflow.status == 0)
        let refused = try Self.objects(overflow.output).filter { $0["kind"] as? String == "rejected" }
        #expect(refused.count == 2 && refused.allSatisfy { $0["reason"] as? String == "unanalysable_waveform" })
        #expect(overflow.output.contains("too large for their energy to be computed"))
        #expect(try Self.objects(overflow.output).allSatisfy { $0["kind"] as? String != "indicators" })
        let missing = try await pdm(["replay", "--waveform", raw, "--asset", "fan-1"])
        #expect(missing.status != 0 && missing.output.contains("--waveform needs --sample-rate"))
    }

    /// A history replayed with no models at all, and with a model whose channels it lacks: the rules
    /// run, and standard error says why there is no estimate. Neither needs subscriptions.
    @Test func aHistoryWithoutAFittingModelRunsItsRules() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let recorded = try write(RunToFailureFleet(count: 1, lives: 100...120, step: 1, prefix: "unit", seed: 2).csv(), "rec.csv")
        let config = try write("rules:\n  - {name: zone-d, channel: velocity_rms, above: 4.5, priority: high}\n", "alarms.yaml")
        let bare = try await pdm(["replay", recorded, "--config", config])
        #expect(bare.status == 0, "\(bare.output)")
        #expect(bare.output.contains("pdm replay: no model files in \(directory)/models; rules only"), "\(bare.output)")
        #expect(try Self.objects(bare.output).contains { $0["kind"] as? String == "alarm" && $0["rule"] as? String == "zone-d" })

        let models = directory + "/models"
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
        let training = try write(RunToFailureFleet(count: 6, lives: 100...150, step: 1, seed: 3).csv(), "train.csv")
        let fit = try await pdm(["retrain", "--history", training, "--out", models, "--folds", "0", "--horizon", "80"])
        #expect(fit.status == 0, "\(fit.output)")
        let narrow = try write("asset,time,vibration\nm,0,1\nm,1,1.1\nm,2,5\n", "narrow.csv")
        let other = try await pdm(["replay", narrow, "--config", config, "--models", models])
        #expect(other.status == 0, "\(other.output)")
        #expect(other.output.contains("asset m: model model needs channels the file does not have"), "\(other.output)")

        let run = try await pdm(["run", "--config", config])
        #expect(run.status == 2)
        #expect(run.output.contains("subscriptions: pdm run needs at least one"), "\(run.output)")
    }

    /// No model, no fleet: a trend toward the configured failure level gives remaining life once
    /// degradation begins, and a remaining-life rule acts on it. The replay says so on stderr.
    @Test func aTrendGivesRemainingLifeWithoutAModel() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fleet = RunToFailureFleet(count: 3, lives: 200...260, step: 1, prefix: "unit", seed: 12)
        let recorded = try write(fleet.csv(), "rec.csv")
        let config = try write("""
            statistics: {baseline_readings: 40, false_alarm_run_length: 10000}
            prognostics:
              trend: {failure_at: {velocity_rms: 7.1}, horizon: 150, time_unit: h}
            rules:
              - {name: rul-short, rul_below: 20, rul_bound: median, priority: high}
            """, "alarms.yaml")
        let result = try await pdm(["replay", recorded, "--config", config])
        #expect(result.status == 0, "\(result.output.suffix(500))")
        #expect(result.output.contains("rules only") == false)
        #expect(result.output.contains("remaining life from trends toward failure_at"), "\(result.output.suffix(300))")
        let lines = try Self.objects(result.output)
        for run in fleet.runs {
            let estimates = lines.filter { $0["kind"] as? String == "rul" && $0["asset"] as? String == run.asset }
            let first = try #require(estimates.first, "\(run.asset): no estimate")
            #expect(first["model"] as? String == "trend" && first["unit"] as? String == "h")
            #expect((first["time"] as? Double ?? 0) >= run.onset - 0.1 * (run.failureTime - run.start), "\(run.asset)")
            let last = try #require(estimates.last)
            let rul = try #require(last["rul"] as? Double)
            let truth = run.failureTime - (last["time"] as? Double ?? 0)
            #expect(abs(rul - truth) <= 10, "\(run.asset): \(rul) at the end, truth \(truth)")
            #expect(lines.contains { $0["kind"] as? String == "alarm" && $0["asset"] as? String == run.asset
                && $0["rule"] as? String == "rul-short" && $0["state"] as? String == "active_unacknowledged" })
        }
    }
}
