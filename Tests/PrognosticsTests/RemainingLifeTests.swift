import PlantSimulator
import Prognostics
import Testing

@Suite struct RemainingLifeTests {
    static let options = TrainingOptions(name: "synthetic", timeUnit: "h", horizon: 80, similarityWindow: 30,
                                         neighbours: 8)

    @Test func screeningDropsConstantAndNoiseChannels() throws {
        let model = try ModelTrainer(channels: RunToFailureFleet.channels, options: Self.options)
            .fit(SyntheticFleet.histories(count: 20, seed: 1))
        #expect(model.healthIndicator.channelNames == ["velocity_rms", "bearing_temp"])
        let dropped = try #require(model.quality?.droppedChannels)
        #expect(dropped["speed"] == "constant")
        #expect(dropped["ambient_temp"]?.hasPrefix("uninformative") == true)
        #expect(model.timeStep == 1)
        #expect(model.horizon == 80)
        // The fused indicator rises with degradation on both channels.
        #expect(model.healthIndicator.channels.allSatisfy { $0.weight > 0 })
        let quality = try #require(model.quality)
        #expect(quality.monotonicity > 0.3)
        #expect(quality.prognosability > 0.8)
        #expect(quality.trendability > 0.5)
    }

    /// Trained on 30 machines, tested on 10 others: the median within a band of the truth, and
    /// the 5–95 % interval holding the truth about as often as it says.
    @Test func estimatesOnUnseenMachines() throws {
        let trained = try ModelTrainer(channels: RunToFailureFleet.channels, options: Self.options)
            .fit(SyntheticFleet.histories(count: 30, seed: 11))
        let test = SyntheticFleet.histories(count: 10, seed: 12)
        var scores: [PrognosticModel.Method: (rmse: Double, coverage: Double, count: Int)] = [:]
        for method in PrognosticModel.Method.allCases {
            var model = trained
            model.method = method
            scores[method] = SyntheticFleet.score(model, on: test)
        }
        let similarity = try #require(scores[.similarity]), exponential = try #require(scores[.exponential])
        let linear = try #require(scores[.linear])
        // One estimate per time step of every test machine.
        #expect(similarity.count == test.reduce(0) { $0 + $1.times.count })
        // Horizon 80 h: errors within 15 % of it.
        #expect(similarity.rmse < 12, "similarity RMSE \(similarity.rmse)")
        #expect(exponential.rmse < 12, "exponential RMSE \(exponential.rmse)")
        #expect((0.75...0.99).contains(similarity.coverage), "similarity coverage \(similarity.coverage)")
        #expect((0.8...1).contains(exponential.coverage), "exponential coverage \(exponential.coverage)")
        // Exponential degradation is not a line: the linear model does worse than both.
        #expect(linear.rmse > exponential.rmse && linear.rmse > similarity.rmse)
    }

    @Test func estimatesShrinkAsFailureApproaches() throws {
        var model = try ModelTrainer(channels: RunToFailureFleet.channels, options: Self.options)
            .fit(SyntheticFleet.histories(count: 30, seed: 11))
        model.method = .exponential
        let run = try #require(SyntheticFleet.histories(count: 1, seed: 99).first)
        var estimates: [RULEstimate] = []
        CrossValidation.replay(run, channels: RunToFailureFleet.channels, model: model) { estimates.append($0) }
        let first = try #require(estimates.first), last = try #require(estimates.last)
        #expect(first.beyondHorizon && first.rul == 80)
        #expect(!last.beyondHorizon && last.rul < 10)
        #expect(estimates.allSatisfy { $0.lower <= $0.rul && $0.rul <= $0.upper })
        #expect(estimates.allSatisfy { $0.model == "synthetic" && $0.method == "exponential" && $0.threshold == model.threshold.value })
    }

    /// A machine repaired before failure (a new bearing) and degrading again: the prognosis starts
    /// over instead of carrying the old fit, and the second life is estimated like the first.
    @Test func aRepairStartsThePrognosisOver() throws {
        var model = try ModelTrainer(channels: RunToFailureFleet.channels, options: Self.options)
            .fit(SyntheticFleet.histories(count: 30, seed: 11))
        model.method = .exponential
        let run = try #require(SyntheticFleet.histories(count: 1, seed: 99).first)
        let end = try #require(run.end)
        // The first life cut at 90 %, then the same life again from healthy.
        let cut = run.times.firstIndex { $0 >= (run.times[0] + 0.9 * (end - run.times[0])) } ?? run.times.count
        let span = run.times[cut - 1] - run.times[0] + 1
        let twice = RunHistory(asset: run.asset, times: Array(run.times[..<cut]) + run.times.map { $0 + span },
                               rows: Array(run.rows[..<cut]) + run.rows)
        var prognoser = AssetPrognoser(asset: run.asset, model: model)
        var estimates: [RULEstimate] = []
        for (time, row) in zip(twice.times, twice.rows) {
            for (channel, value) in zip(RunToFailureFleet.channels, row) {
                if case .accepted(let estimate?) = prognoser.observe(channel: channel, time: time, value: value ?? .nan) {
                    estimates.append(estimate)
                }
            }
        }
        if let last = prognoser.finish() { estimates.append(last) }
        // Healthy again after the repair: beyond the horizon, as at the start.
        let afterRepair = estimates.filter { $0.time > run.times[cut - 1] && $0.time < span + run.times[0] + 20 }
        #expect(afterRepair.contains { $0.beyondHorizon }, "\(afterRepair.map(\.rul))")
        // Near the second failure, the estimate is as short as the truth.
        let closing = try #require(estimates.last { $0.time <= end + span - 5 })
        #expect(abs(closing.rul - (end + span - closing.time)) < 10, "\(closing.rul) vs \(end + span - closing.time)")
    }

    /// A prognoser saved halfway through a life and restored (through its stored bytes) gives the
    /// very estimates an uninterrupted one gives; under another model version it starts afresh.
    @Test func aSnapshotCarriesThePrognosisAcrossARestart() throws {
        var model = try ModelTrainer(channels: RunToFailureFleet.channels, options: Self.options)
            .fit(SyntheticFleet.histories(count: 30, seed: 11))
        model.method = .exponential
        let run = try #require(SyntheticFleet.histories(count: 1, seed: 99).first)
        let rows = Array(zip(run.times, run.rows))
        let cut = rows.count * 3 / 4
        var whole = AssetPrognoser(asset: run.asset, model: model)
        let expected = SyntheticFleet.feed(&whole, rows)
        var first = AssetPrognoser(asset: run.asset, model: model)
        var estimates = SyntheticFleet.feed(&first, rows[..<cut])
        #expect(first.changedSinceSnapshot)
        let bytes = try first.takeSnapshot().encoded()
        #expect(!first.changedSinceSnapshot)
        var second = AssetPrognoser(asset: run.asset, model: model, restoring: try AssetPrognoser.Snapshot.decode(bytes))
        estimates += SyntheticFleet.feed(&second, rows[cut...])
        #expect(estimates == expected)

        // Another version of the model: the snapshot does not apply.
        var newer = model
        newer.version += 1
        var fresh = AssetPrognoser(asset: run.asset, model: newer, restoring: try AssetPrognoser.Snapshot.decode(bytes))
        let afresh = SyntheticFleet.feed(&fresh, rows[cut...])
        #expect(!afresh.isEmpty && afresh.map(\.rul) != expected.suffix(afresh.count).map(\.rul))
        #expect(afresh.allSatisfy { $0.modelVersion == newer.version })
        #expect(throws: (any Error).self) { try AssetPrognoser.Snapshot.decode(Array("{}".utf8)) }
    }

    @Test func tooFewAssetsIsAnError() {
        #expect(throws: TrainingError.tooFewAssets(found: 1, needed: 2)) {
            try ModelTrainer(channels: RunToFailureFleet.channels, options: Self.options)
                .fit(SyntheticFleet.histories(count: 1, seed: 1))
        }
        #expect(throws: TrainingError.tooFewAssets(found: 2, needed: 3)) {
            try CrossValidation(trainer: ModelTrainer(channels: RunToFailureFleet.channels, options: Self.options),
                                histories: SyntheticFleet.histories(count: 2, seed: 1))
        }
    }

    @Test func noInformativeChannelIsAnError() throws {
        let runs = SyntheticFleet.histories(count: 5, seed: 3).map { run in
            RunHistory(asset: run.asset, times: run.times, rows: run.rows.map { [$0[2], $0[3]] })
        }
        #expect {
            try ModelTrainer(channels: ["speed", "ambient_temp"], options: Self.options).fit(runs)
        } throws: { error in
            guard case TrainingError.noInformativeChannel(let dropped) = error else { return false }
            return dropped.keys.sorted() == ["ambient_temp", "speed"]
        }
    }

    @Test func crossValidationHoldsOutWholeAssets() throws {
        let runs = SyntheticFleet.histories(count: 12, seed: 5)
        let validation = try CrossValidation(trainer: ModelTrainer(channels: RunToFailureFleet.channels,
                                                                   options: Self.options), histories: runs)
        #expect(validation.foldCount == 5)
        #expect(Set(validation.folds) == Set(0..<5))
        let scores = try validation.run()
        let rows = runs.reduce(0) { $0 + $1.times.count }
        for method in PrognosticModel.Method.allCases {
            #expect(scores[method]?.estimates == rows)
        }
        #expect(try #require(scores[.similarity]).rmse < 15)
        // Each held-out machine cut at ten random points and judged there.
        let truncated = try #require(scores[.similarity]?.truncated)
        #expect(truncated.estimates == runs.count * CrossValidation.cutsPerAsset)
        #expect(truncated.rmse > 0 && truncated.rmse < 20, "\(truncated)")
        #expect(truncated.phmPerHundred > 0)
    }
}
