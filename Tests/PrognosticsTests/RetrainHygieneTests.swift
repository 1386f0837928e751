import PlantSimulator
import Prognostics
import Testing

/// What `pdm retrain` does with small fleets and untidy histories.
@Suite struct RetrainHygieneTests {
    static let options = TrainingOptions(name: "synthetic", timeUnit: "h", horizon: 80, similarityWindow: 30,
                                         neighbours: 8, folds: 5)

    /// Three assets and five folds asked: one asset is held out at a time, two remain to fit on.
    @Test func threeAssetsCrossValidateLeavingOneOut() throws {
        let runs = SyntheticFleet.histories(count: 3, seed: 5)
        let validation = try CrossValidation(trainer: ModelTrainer(channels: RunToFailureFleet.channels,
                                                                   options: Self.options), histories: runs)
        #expect(validation.foldCount == 3)
        #expect(validation.requestedFolds == 5)
        let scores = try validation.run()
        #expect(try #require(scores[.similarity]).estimates == runs.reduce(0) { $0 + $1.times.count })
    }

    @Test func foldsLeaveEnoughAssetsToFitOn() throws {
        for count in 3...12 {
            let runs = SyntheticFleet.histories(count: count, seed: UInt64(count))
            let validation = try CrossValidation(trainer: ModelTrainer(channels: RunToFailureFleet.channels,
                                                                       options: Self.options), histories: runs)
            for fold in 0..<validation.foldCount {
                #expect(validation.folds.count { $0 != fold } >= ModelTrainer.minimumAssets, "\(count) assets")
            }
        }
    }

    /// The machine stopped before its history ends: vibration, bearing temperature and speed fall to
    /// about zero while the ambient temperature carries on.
    @Test func trailingRowsOfAStoppedMachineAreLeftOut() throws {
        let run = try #require(SyntheticFleet.histories(count: 1, seed: 7).first)
        var stopped = run
        for step in 1...6 {
            stopped.times.append((run.end ?? 0) + Double(step))
            stopped.rows.append(run.rows[0].enumerated().map { $0.offset == 3 ? $0.element : 0.001 * Double(step) })
        }
        let trimmed = stopped.trimmingStoppedTail()
        #expect(trimmed.dropped == 6)
        #expect(trimmed.run == run)
        #expect(run.trimmingStoppedTail().dropped == 0)
    }

    /// The last rows read lower than the healthy ones: not a failure on a rising indicator.
    @Test func aFailureLevelBelowTheHealthyLevelIsRefused() throws {
        let runs = SyntheticFleet.histories(count: 6, seed: 3).map { run in
            var run = run
            let count = run.rows.count
            for index in (count - 3)..<count {
                run.rows[index] = run.rows[index].enumerated().map { $0.offset < 2 ? run.rows[0][$0.offset].map { $0 * 0.5 } : $0.element }
            }
            return run
        }
        #expect {
            try ModelTrainer(channels: RunToFailureFleet.channels, options: Self.options).fit(runs)
        } throws: { error in
            guard case TrainingError.failureBelowHealthy = error else { return false }
            return "\(error)".contains("failure level")
        }
    }
}
