@testable import Prognostics
import Signals
import Testing

@Suite struct StepAggregatorTests {
    @Test func averagesWithinAStepAndClosesOnTheNext() throws {
        var aggregator = StepAggregator(channels: 2, step: 10)
        #expect(try aggregator.add(channel: 0, time: 100, value: 1).get() == nil)
        #expect(try aggregator.add(channel: 1, time: 104, value: 10).get() == nil)
        // Out of order within the open step is fine.
        #expect(try aggregator.add(channel: 0, time: 102, value: 3).get() == nil)
        let result = aggregator.add(channel: 0, time: 111, value: 5)
        let closed = try #require(try result.get())
        #expect(closed.values == [2, 10])
        #expect(closed.time == 104 && closed.age == 4)
        // Channel 1 had no reading in the second step: it keeps its last value.
        let flushed = aggregator.flush()
        let last = try #require(flushed)
        #expect(last.values == [5, 10])
        #expect(aggregator.flush() == nil)
    }

    @Test func refusesReadingsOfAClosedStep() throws {
        var aggregator = StepAggregator(channels: 1, step: 1)
        _ = aggregator.add(channel: 0, time: 0, value: 1)
        _ = aggregator.add(channel: 0, time: 1, value: 1)
        #expect(aggregator.add(channel: 0, time: 0.5, value: 9) == .failure(.late(stepStart: 1)))
    }

    @Test func noStepUntilEveryChannelHasAValue() throws {
        var aggregator = StepAggregator(channels: 2, step: 1)
        _ = aggregator.add(channel: 0, time: 0, value: 1)
        #expect(try aggregator.add(channel: 0, time: 1, value: 1).get() == nil)
        _ = aggregator.add(channel: 1, time: 1.5, value: 4)
        #expect(try aggregator.add(channel: 0, time: 2, value: 1).get()?.values == [1, 4])
    }
}

@Suite struct BayesianLineFitTests {
    static let prior = LinePrior(intercept: 0, slope: 1, interceptVariance: 1, slopeVariance: 0.01,
                                 covariance: 0, noiseVariance: 0.04)

    @Test func withoutDataThePosteriorIsThePrior() {
        let fit = BayesianLineFit(prior: Self.prior)
        #expect(fit.meanLine.intercept == 0 && fit.meanLine.slope == 1)
    }

    @Test func dataMovesThePosteriorToTheAssetsOwnLine() {
        var fit = BayesianLineFit(prior: Self.prior)
        var random = SplitMix64(seed: 4)
        for step in 0..<400 {
            let t = Double(step) / 10
            fit.add(t: t, z: 2 + 1.3 * t + Gaussian.sample(0.2, using: &random))
        }
        #expect(abs(fit.meanLine.intercept - 2) < 0.1)
        #expect(abs(fit.meanLine.slope - 1.3) < 0.01)
    }

    @Test func memoryFollowsAChangeOfSlope() {
        let vague = LinePrior(intercept: 0, slope: 1, interceptVariance: 100, slopeVariance: 1, covariance: 0,
                              noiseVariance: 0.04)
        var forgetting = BayesianLineFit(prior: vague, memory: 20)
        var keeping = BayesianLineFit(prior: vague)
        for step in 0..<200 {
            let t = Double(step)
            let z = step < 100 ? t : 100 + 3 * (t - 100)
            forgetting.add(t: t, z: z)
            keeping.add(t: t, z: z)
        }
        #expect(abs(forgetting.meanLine.slope - 3) < 0.1)
        #expect(keeping.meanLine.slope < 2.5)
    }
}

@Suite struct QuantileAndQualityTests {
    @Test func quantilesInterpolate() {
        let sorted = [1.0, 2, 3, 4, 5]
        #expect(Quantiles.quantile(sorted: sorted, 0.5) == 3)
        #expect(Quantiles.quantile(sorted: sorted, 0) == 1)
        #expect(Quantiles.quantile(sorted: sorted, 1) == 5)
        #expect(Quantiles.quantile(sorted: sorted, 0.125) == 1.5)
        #expect(Quantiles.median([]) == nil)
        #expect(Quantiles.median([4, 1, 3, 2]) == 2.5)
    }

    @Test func idealTrajectoriesScoreOne() {
        let trajectories = (1...5).map { k in (0..<(50 + 10 * k)).map { Double($0) / Double(49 + 10 * k) } }
        let quality = HealthIndicatorQuality(trajectories: trajectories)
        #expect(quality.monotonicity == 1)
        #expect(quality.prognosability > 0.95)
        #expect(quality.trendability > 0.999)
    }

    @Test func noiseScoresLow() {
        var random = SplitMix64(seed: 9)
        let trajectories = (0..<6).map { _ in (0..<200).map { _ in Gaussian.sample(1, using: &random) } }
        let quality = HealthIndicatorQuality(trajectories: trajectories)
        #expect(quality.monotonicity < 0.3)
        #expect(quality.trendability < 0.3)
    }
}

@Suite struct AssetPrognoserTests {
    static let model = PrognosticModel(
        name: "unit", version: 3, fittedAt: "", description: "", timeUnit: "h", timeStep: 1, horizon: 50,
        healthIndicator: HealthIndicator(channels: [
            .init(name: "v", center: 0, scale: 1, weight: 0.1, low: -1, high: 100),
        ], bias: 0),
        threshold: Threshold(value: 1, spread: 0), method: .linear,
        linear: DegradationModel(shape: .linear, offset: 0,
                                 prior: LinePrior(intercept: 0, slope: 0.02, interceptVariance: 0.01, slopeVariance: 1e-4,
                                                  covariance: 0, noiseVariance: 0.001),
                                 memory: 50, onset: 0.2, durations: [20, 30, 40]))

    @Test func rejectsWhatMustNotReachTheModel() {
        var prognoser = AssetPrognoser(asset: "a", model: Self.model)
        #expect(prognoser.observe(channel: "other", time: 0, value: 1) == .ignored)
        #expect(prognoser.observe(channel: "v", time: 0, value: .nan) == .rejected(.notFinite(channel: "v")))
        #expect(prognoser.observe(channel: "v", time: 0, value: .infinity) == .rejected(.notFinite(channel: "v")))
        #expect(prognoser.observe(channel: "v", time: .nan, value: 1) == .rejected(.invalidTime(channel: "v")))
        #expect(prognoser.observe(channel: "v", time: 0, value: 1e6)
            == .rejected(.implausible(channel: "v", value: 1e6, low: -1, high: 100)))
        #expect(prognoser.observe(channel: "v", time: 5, value: 1) == .accepted(nil))
        guard case .accepted(let estimate?) = prognoser.observe(channel: "v", time: 6, value: 1) else {
            Issue.record("a new step must close the previous one")
            return
        }
        #expect(estimate.time == 5 && estimate.modelVersion == 3)
        #expect(prognoser.observe(channel: "v", time: 5.5, value: 1)
            == .rejected(.late(channel: "v", time: 5.5, stepStart: 6)))
    }

    @Test func healthyAssetIsBeyondTheHorizonWithAFleetFloor() throws {
        var prognoser = AssetPrognoser(asset: "a", model: Self.model)
        var last: RULEstimate?
        for hour in 0..<10 {
            if case .accepted(let estimate?) = prognoser.observe(channel: "v", time: Double(hour), value: 0.5) {
                last = estimate
            }
        }
        let estimate = try #require(last)
        #expect(estimate.beyondHorizon && estimate.rul == 50 && estimate.upper == 50)
        #expect(estimate.lower == 21) // 5 % quantile of the onset-to-failure durations 20, 30, 40
    }

    @Test func sameInputSameEstimates() {
        func run() -> [RULEstimate] {
            var prognoser = AssetPrognoser(asset: "a", model: Self.model)
            var estimates: [RULEstimate] = []
            for hour in 0..<40 {
                if case .accepted(let estimate?) = prognoser.observe(channel: "v", time: Double(hour), value: Double(hour) / 4) {
                    estimates.append(estimate)
                }
            }
            return estimates
        }
        let first = run()
        #expect(first.count == 39)
        #expect(first == run())
        #expect(first.last.map { !$0.beyondHorizon } == true)
    }
}
