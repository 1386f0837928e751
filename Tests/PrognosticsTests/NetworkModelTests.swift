import PlantSimulator
import Prognostics
import Testing

@Suite struct NetworkModelTests {
    static let options = RemainingLifeTests.options

    /// The inputs are exactly the window means, the least-squares slope per ten steps and the capped
    /// age; a history shorter than a window is averaged over what there is.
    @Test func featuresAreWindowMeansSlopesAndAge() {
        let network = NetworkModel(windows: [2, 4], slopeWindow: 3, ageScale: 10, layers: [], residuals: [])
        let recent: [[Double]] = [[1, 10], [2, 20], [3, 30], [5, 50]]
        let features = network.features(recent: recent[...], age: 7)
        // Channel 0: mean of (3, 5), mean of all four, slope of (2, 3, 5) = 1.5 per step.
        #expect(features == [4, 2.75, 15, 40, 27.5, 150, 0.7])
        #expect(network.features(recent: recent[..<1], age: 1) == [1, 1, 0, 10, 10, 0, 0.1])
        #expect(network.features(recent: recent[...], age: 1e9).last == NetworkModel.ageCap)
        #expect(network.features(recent: recent[...], age: .infinity).last == NetworkModel.ageCap)
        #expect(network.memory == 4)
    }

    /// Fitted on a synthetic fleet, the network is cross-validated with the other methods and does
    /// at least as well as similarity on held-out machines; its interval is calibrated on machines
    /// its first fit did not see.
    @Test func networkIsCrossValidatedOnHeldOutMachines() throws {
        let runs = SyntheticFleet.histories(count: 12, seed: 5)
        let validation = try CrossValidation(trainer: ModelTrainer(channels: RunToFailureFleet.channels,
                                                                   options: Self.options), histories: runs)
        let scores = try validation.run()
        let network = try #require(scores[.network])
        let similarity = try #require(scores[.similarity])
        #expect(network.rmse <= similarity.rmse * 1.1, "network \(network.rmse), similarity \(similarity.rmse)")
        #expect(network.coverage > 0.7, "\(network)")
        let truncated = try #require(network.truncated)
        #expect(truncated.rmse < 20, "\(truncated)")

        let model = try ModelTrainer(channels: RunToFailureFleet.channels, options: Self.options).fit(runs)
        let fitted = try #require(model.network)
        #expect(fitted.isConsistent(channels: model.healthIndicator.channels.count))
        #expect(fitted.residuals.count == 5)
        #expect(fitted.residuals.allSatisfy { $0.lower <= $0.upper })
        #expect(fitted.residuals.map(\.below) == fitted.residuals.map(\.below).sorted())
    }

    /// Estimates of the network method stay within 0…horizon with the median inside its interval,
    /// and a snapshot carries its recent steps across a restart.
    @Test func networkEstimatesAreBoundedAndSurviveARestart() throws {
        var model = try ModelTrainer(channels: RunToFailureFleet.channels, options: Self.options)
            .fit(SyntheticFleet.histories(count: 10, seed: 21))
        model.method = .network
        let run = try #require(SyntheticFleet.histories(count: 1, seed: 77).first)
        let rows = Array(zip(run.times, run.rows))
        var whole = AssetPrognoser(asset: run.asset, model: model)
        let expected = SyntheticFleet.feed(&whole, rows)
        #expect(expected.count == rows.count - 1)
        for estimate in expected {
            #expect(estimate.method == "network")
            #expect(0 <= estimate.lower && estimate.lower <= estimate.rul && estimate.rul <= estimate.upper
                    && estimate.upper <= model.horizon, "\(estimate)")
        }
        // Failure approaches: the last estimates are far below the first ones.
        let early = expected.prefix(10).map(\.rul).reduce(0, +) / 10
        let late = expected.suffix(10).map(\.rul).reduce(0, +) / 10
        #expect(late < early / 2, "early \(early), late \(late)")

        let cut = rows.count / 2
        var first = AssetPrognoser(asset: run.asset, model: model)
        var estimates = SyntheticFleet.feed(&first, rows[..<cut])
        let bytes = try first.takeSnapshot().encoded()
        var second = AssetPrognoser(asset: run.asset, model: model, restoring: try AssetPrognoser.Snapshot.decode(bytes))
        estimates += SyntheticFleet.feed(&second, rows[cut...])
        #expect(estimates == expected)
    }
}
