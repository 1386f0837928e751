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

    @Test func tooFewAssetsIsAnError() {
        #expect(throws: TrainingError.tooFewAssets(found: 2, needed: 3)) {
            try ModelTrainer(channels: RunToFailureFleet.channels, options: Self.options)
                .fit(SyntheticFleet.histories(count: 2, seed: 1))
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
    }
}
