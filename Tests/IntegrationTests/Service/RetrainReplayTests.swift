import Foundation
import AlarmStore
import PDMRuntime
import PlantSimulator
import Prognostics
import Testing
import TestSupport

/// `pdm retrain` and `pdm replay` as processes, on files, as people run them.
@Suite("pdm retrain and pdm replay", .enabled(if: Executables.pdm != nil, "the pdm executable is not built"))
struct RetrainReplayTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-retrain-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func pdm(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> (status: Int32, output: String) {
        let executable = try #require(Executables.pdm)
        return try await CommandLineTool(executable, arguments).finish(timeout: timeout)
    }

    func write(_ text: String, _ name: String) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// JSON objects of the output lines that are JSON.
    static func objects(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").filter { $0.hasPrefix("{") }.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func retrainThenReplayWithTheModelsAlone() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let training = try write(RunToFailureFleet(count: 12, lives: 100...200, step: 1, seed: 21).csv(), "train.csv")
        let fleet = RunToFailureFleet(count: 2, lives: 100...200, step: 1, prefix: "unit", seed: 22)
        let recorded = try write(fleet.csv(), "recorded.csv")
        let models = directory + "/models"
        let arguments = ["retrain", "--history", training, "--out", models, "--name", "bearing", "--time-unit", "h",
                         "--horizon", "80", "--window", "30", "--folds", "3"]
        let first = try await pdm(arguments)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("pdm retrain: 12 assets"))
        #expect(first.output.contains("dropped channel speed: constant"))
        #expect(first.output.contains("cross-validation: 3 folds over whole assets"))
        #expect(first.output.contains("wrote \(models)/bearing.json (bearing version 1"))
        let second = try await pdm(arguments + ["--method", "exponential"])
        #expect(second.output.contains("(bearing version 2, method exponential)"), "\(second.output)")
        let model = try ModelLibrary.read(path: models + "/bearing.json")
        #expect(model.version == 2 && model.method == .exponential && model.timeUnit == "h")
        #expect(model.quality?.crossValidation.keys.sorted() == ["exponential", "linear", "network", "similarity"])

        let replay = try await pdm(["replay", recorded, "--models", models])
        #expect(replay.status == 0, "\(replay.output)")
        let lines = try Self.objects(replay.output)
        // One estimate per recorded row: every row closes a one-hour step.
        #expect(lines.count == fleet.runs.reduce(0) { $0 + $1.times.count })
        for run in fleet.runs {
            let estimates = lines.filter { $0["asset"] as? String == run.asset }
            #expect(estimates.allSatisfy { $0["kind"] as? String == "rul" && $0["unit"] as? String == "h" })
            #expect(estimates.compactMap { $0["time"] as? Double } == run.times)
            let last = try #require(estimates.last)
            let rul = try #require(last["rul"] as? Double)
            let lower = try #require(last["lower"] as? Double), upper = try #require(last["upper"] as? Double)
            #expect(lower <= rul && rul <= upper)
            #expect(rul < 10, "at failure the remaining life must be near 0, found \(rul)")
            #expect(last["model"] as? String == "bearing" && last["model_version"] as? Int == 2)
        }
        #expect(replay.output.contains("pdm replay: 2 assets, \(lines.count) estimates, 0 alarm transitions, 0 readings rejected"))

        // With a configuration, its rules run in the same pipeline: alarm transitions appear too.
        let config = try write("""
            subscriptions: [{topic: "plant/{asset}/{channel}"}]
            rules:
              - {name: zone-d, channel: velocity_rms, above: 4.5, deadband: 0.3, priority: high}
            """, "alarms.yaml")
        let withRules = try await pdm(["replay", recorded, "--config", config, "--models", models])
        let alarms = try Self.objects(withRules.output).filter { $0["kind"] as? String == "alarm" }
        #expect(Set(alarms.compactMap { $0["asset"] as? String }) == ["unit-1", "unit-2"], "\(withRules.output.suffix(500))")
        #expect(alarms.allSatisfy { $0["rule"] as? String == "zone-d" && $0["priority"] as? String == "high" })
        #expect(alarms.contains { $0["state"] as? String == "active_unacknowledged" && $0["cause"] as? String == "condition_active" })
    }

    @Test func replayRejectsImplausibleReadingsAndSaysSo() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let training = try write(RunToFailureFleet(count: 6, lives: 100...150, step: 1, seed: 3).csv(), "train.csv")
        let models = directory + "/models"
        let fit = try await pdm(["retrain", "--history", training, "--out", models, "--folds", "0", "--horizon", "80"])
        #expect(fit.status == 0, "\(fit.output)")
        #expect(fit.output.contains("(not cross-validated)"))
        let recorded = try write("""
            asset,time,velocity_rms,bearing_temp,speed,ambient_temp
            m,0,1.8,55,1480,22
            m,1,1.9,9999,1480,22
            m,2,1.8,55.2,1480,22
            """, "recorded.csv")
        let replay = try await pdm(["replay", recorded, "--models", models])
        let lines = try Self.objects(replay.output)
        let rejected = lines.filter { $0["kind"] as? String == "rejected" }
        #expect(rejected.count == 1)
        #expect(rejected.first?["reason"] as? String == "model_implausible")
        #expect((rejected.first?["detail"] as? String)?.contains("bearing_temp: 9999.0 is outside the plausible range") == true)
        #expect(lines.filter { $0["kind"] as? String == "rul" }.count == 3)
        #expect(replay.output.contains("1 readings rejected"))
    }

    @Test func badHistoryNamesFileLineAndColumn() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bad = try write("asset,time,a,b\nm,1,1,2\nm,2,1,oops\n", "bad.csv")
        let result = try await pdm(["retrain", "--history", bad, "--out", directory + "/models"])
        #expect(result.status == 2)
        #expect(result.output.contains("bad.csv:3:4: `b` is not a number: \"oops\""), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/models"))
        let few = try write("asset,time,a\nm,1,1\nm,2,2\nn,1,1\nn,2,3\n", "few.csv")
        let tooFew = try await pdm(["retrain", "--history", few, "--out", directory + "/models"])
        #expect(tooFew.status == 1)
        #expect(tooFew.output.contains("run-to-failure histories of at least 3 assets are needed, found 2"))
        let unsorted = try await pdm(["replay", try write("asset,time,a\nm,2,1\nm,1,1\n", "unsorted.csv"),
                                      "--models", directory])
        #expect(unsorted.status == 2)
        #expect(unsorted.output.contains("unsorted.csv:3:2: time 1 of asset m is not after its previous row (2)"))
    }

    /// Three assets with the default five folds: leave-one-out, said in the report. The machine of
    /// one history had stopped before it ends; those rows are left out with a line saying so.
    @Test func retrainOnThreeAssetsWithAStoppedTail() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fleet = RunToFailureFleet(count: 3, lives: 100...150, step: 1, seed: 8)
        var csv = fleet.csv()
        let last = try #require(fleet.runs.last)
        for step in 1...4 {
            csv += "\(last.asset),\(RetrainReport.number(last.failureTime + Double(step))),0.01,0.2,0,22.1\n"
        }
        let result = try await pdm(["retrain", "--history", try write(csv, "three.csv"), "--out", directory + "/models",
                                    "--horizon", "60"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("cross-validation: 3 folds (5 asked; each fold leaves at least 2 assets to fit on)"),
                "\(result.output)")
        #expect(result.output.contains("asset \(last.asset): left out 4 trailing rows where the machine had stopped"))
        #expect(result.output.contains("failure taken at time \(RetrainReport.number(last.failureTime))"))
    }

    /// NASA C-MAPSS FD001: 100 turbofan engines run to failure. The cross-validated RMSE of the
    /// chosen method over held-out engines (true RUL capped at 125 cycles) must stay at or below
    /// 18 cycles. On the test-set protocol (held-out engines cut at random points, judged at their
    /// last reading) the chosen method must reach RMSE ≤ 13 and PHM08 ≤ 250 per 100 engines
    /// (published on the test set: SVR 20.96, LSTM 16.14, CNN 12.61), neither pinning short
    /// histories at the cap nor calling long ones early.
    @Test(.enabled(if: SharedData.has("cmapss/train_FD001.csv"), "../shared/data/cmapss is not beside this checkout"),
          .timeLimit(.minutes(5)))
    func cmapssCrossValidatedRMSE() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let history = SharedData.file("cmapss/train_FD001.csv").path
        let result = try await pdm(["retrain", "--history", history, "--time-unit", "cycles", "--horizon", "125",
                                    "--name", "turbofan", "--out", directory], timeout: .seconds(280))
        #expect(result.status == 0, "\(result.output)")
        let summary = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("method: ") })
        let figure = summary.split(separator: " ").dropLast().last.map(String.init) ?? ""
        let rmse = try #require(Double(figure), "\(summary)")
        #expect(rmse <= 18, "\(result.output)")
        #expect(result.output.contains("20631 estimates per method"))
        // The test-set protocol: engines cut at random points, judged at their last reading.
        #expect(result.output.contains("truncated: held-out assets cut at 10 random points each (1000 cuts)"))
        let truncated = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("truncated protocol for ") })
        print("C-MAPSS FD001 \(summary)\n\(truncated)")
        #expect(summary.hasPrefix("method: network (lowest RMSE)"), "\(result.output)")
        let words = truncated.split(separator: " ").map(String.init)
        let cutRMSE = try #require(words.firstIndex(of: "RMSE").flatMap { Double(words[$0 + 1]) }, "\(truncated)")
        let phm = try #require(words.firstIndex(of: "PHM08").flatMap { Double(words[$0 + 1]) }, "\(truncated)")
        #expect(cutRMSE <= 13 && phm <= 250, "\(truncated)")
        let row = try #require(result.output.split(separator: "\n").last { $0.hasPrefix("  network ") })
        let biases = row.split(separator: " ").suffix(2).compactMap { Double($0) }
        #expect(biases.count == 2 && biases.allSatisfy { abs($0) <= 3 }, "short and long bias: \(row)")
        let model = try ModelLibrary.read(path: directory + "/turbofan.json")
        #expect(Set(model.healthIndicator.channelNames).isDisjoint(with: ["s1", "s5", "s10", "s16", "s18", "s19", "setting3"]))
    }
}

extension RetrainReplayTests {
    /// The feature history in the alarm database is a training source too.
    @Test func retrainFromTheFeatureHistory() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fleet = RunToFailureFleet(count: 6, lives: (100 * 3600)...(150 * 3600), step: 3600, start: 1_767_225_600, seed: 8)
        let store = directory + "/pdm.sqlite"
        let database = try AlarmDatabase(path: store)
        var rows: [AlarmDatabase.FeatureRow] = []
        for run in fleet.runs {
            for (time, values) in zip(run.times, run.rows) {
                for (channel, value) in zip(RunToFailureFleet.channels, values) {
                    rows.append(.init(asset: run.asset, channel: channel, bucket: time, count: 60, mean: value,
                                      minimum: value, maximum: value, last: value))
                }
            }
        }
        try database.record(rows)
        let table = HistoryTable(features: try database.features(asset: "machine-*"))
        #expect(table.datedTime && table.channels == RunToFailureFleet.channels.sorted())
        #expect(table.runs.map(\.times.count) == fleet.runs.map(\.times.count))
        let result = try await pdm(["retrain", "--store", store, "--store-assets", "machine-*", "--out", directory + "/models",
                                    "--folds", "3", "--window", "30"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("pdm retrain: 6 assets"))
        #expect(result.output.contains("time step 3600 s"))
        let none = try await pdm(["retrain", "--store", store, "--store-assets", "nothing-*", "--out", directory + "/m2"])
        #expect(none.status == 2 && none.output.contains("holds no asset matching nothing-*"))
    }
}
