import RealModule
import Signals

/// K-fold cross-validation over whole assets: each fold's assets are held out, a model is fitted
/// on the others, and the held-out histories are streamed through ``AssetPrognoser`` exactly as
/// `pdm replay` would. Every estimate is scored against the true remaining life capped at the
/// horizon.
package struct CrossValidation: Sendable {
    package let trainer: ModelTrainer
    package let histories: [RunHistory]
    /// Fold of each history.
    package let folds: [Int]
    package let foldCount: Int
    /// Folds the options asked for; ``foldCount`` differs when the fleet is too small for them.
    package let requestedFolds: Int
    /// Fewest assets cross-validation needs: each fold holds one out and fits on the others.
    package static let minimumAssets = ModelTrainer.minimumAssets + 1

    package init(trainer: ModelTrainer, histories: [RunHistory]) throws(TrainingError) {
        guard histories.count >= Self.minimumAssets else {
            throw .tooFewAssets(found: histories.count, needed: Self.minimumAssets)
        }
        self.trainer = trainer
        self.histories = histories
        requestedFolds = trainer.options.folds
        let count = Self.foldCount(requested: trainer.options.folds, assets: histories.count)
        var order = Array(histories.indices)
        var generator = SplitMix64(seed: trainer.options.seed)
        order.shuffle(using: &generator)
        var folds = Array(repeating: 0, count: histories.count)
        for (position, index) in order.enumerated() { folds[index] = position % count }
        self.folds = folds
        foldCount = count
    }

    /// The folds to use for `assets` when `requested` were asked for: no more than there are assets,
    /// and enough that each fold leaves ``ModelTrainer/minimumAssets`` to fit on (leave-one-out at
    /// the least).
    package static func foldCount(requested: Int, assets: Int) -> Int {
        var count = min(max(requested, 2), assets)
        while count < assets && assets - (assets + count - 1) / count < ModelTrainer.minimumAssets { count += 1 }
        return count
    }

    /// Random points each held-out history is cut at, for the truncated protocol.
    package static let cutsPerAsset = 10

    /// The rows a held-out history is cut at: uniform over its rows after the first tenth (a test
    /// engine is observed for a while before it is judged), the same for every method and fold.
    func cuts(of index: Int) -> [Int] {
        let count = histories[index].times.count
        guard count > 1 else { return [] }
        var generator = SplitMix64(seed: trainer.options.seed &+ 0x9E37_79B9 &* UInt64(index + 1))
        let first = min(max(count / 10, 1), count - 1)
        return (0..<Self.cutsPerAsset).map { _ in Int.random(in: first...(count - 1), using: &generator) }
    }

    /// Errors of one fold's estimates, per method: every estimate, and the protocol of held-out
    /// histories cut at random points and judged at their last reading.
    package func evaluate(fold: Int) throws(TrainingError) -> [PrognosticModel.Method: FoldTallies] {
        let training = histories.indices.filter { folds[$0] != fold }.map { histories[$0] }
        let held = histories.indices.filter { folds[$0] == fold }
        let fitted = try trainer.fit(training)
        var tallies: [PrognosticModel.Method: FoldTallies] = [:]
        for method in PrognosticModel.Method.allCases {
            var model = fitted
            model.method = method
            var tally = FoldTallies()
            for index in held {
                let run = histories[index]
                guard let end = run.end, let start = run.times.first else { continue }
                var byTime: [Double: RULEstimate] = [:]
                Self.replay(run, channels: trainer.channels, model: model) { estimate in
                    tally.all.add(estimate: estimate, truth: min(end - estimate.time, model.horizon), step: model.timeStep)
                    byTime[estimate.time] = estimate
                }
                for cut in cuts(of: index) {
                    let time = run.times[cut]
                    guard let estimate = byTime[time] else { continue }
                    let truth = min(end - time, model.horizon)
                    tally.truncated.add(estimate: estimate, truth: truth, step: model.timeStep)
                    let seen = time - start
                    if seen <= model.horizon / 2 {
                        tally.short.add(estimate: estimate, truth: truth, step: model.timeStep)
                    } else if seen >= 1.6 * model.horizon {
                        tally.long.add(estimate: estimate, truth: truth, step: model.timeStep)
                    }
                }
            }
            tallies[method] = tally
        }
        return tallies
    }

    /// Scores per method over all folds, one fold after the other.
    package func run() throws(TrainingError) -> [PrognosticModel.Method: CrossValidationScore] {
        var folds: [[PrognosticModel.Method: FoldTallies]] = []
        for fold in 0..<foldCount { folds.append(try evaluate(fold: fold)) }
        return combine(folds)
    }

    /// Scores per method from the tallies of every fold (evaluated in any order).
    package func combine(_ folds: [[PrognosticModel.Method: FoldTallies]]) -> [PrognosticModel.Method: CrossValidationScore] {
        var total: [PrognosticModel.Method: FoldTallies] = [:]
        for tallies in folds {
            for (method, tally) in tallies { total[method, default: FoldTallies()].merge(tally) }
        }
        return total.mapValues { tally in
            var score = tally.all.score(folds: foldCount)
            if tally.truncated.count > 0 {
                score.truncated = TruncatedScore(
                    rmse: tally.truncated.rmse, phmPerHundred: tally.truncated.phm / Double(tally.truncated.count) * 100,
                    bias: tally.truncated.bias, estimates: tally.truncated.count, cuts: Self.cutsPerAsset,
                    shortBias: tally.short.count > 0 ? tally.short.bias : nil,
                    longBias: tally.long.count > 0 ? tally.long.bias : nil)
            }
            return score
        }
    }

    /// Streams one recorded history through a prognoser, row by row, channel by channel.
    package static func replay(_ run: RunHistory, channels: [String], model: PrognosticModel,
                              _ body: (RULEstimate) -> Void) {
        var prognoser = AssetPrognoser(asset: run.asset, model: model)
        for (time, row) in zip(run.times, run.rows) {
            for (channel, value) in zip(channels, row) {
                guard let value else { continue }
                if case .accepted(let estimate?) = prognoser.observe(channel: channel, time: time, value: value) {
                    body(estimate)
                }
            }
        }
        if let estimate = prognoser.finish() { body(estimate) }
    }
}

/// One fold's tallies of one method.
package struct FoldTallies: Sendable, Hashable {
    /// Every estimate of the held-out histories.
    package var all = ErrorTally()
    /// The estimates at the random cut points.
    package var truncated = ErrorTally()
    /// Of those, the ones after a short history (at most half the horizon) and a long one (1.6
    /// horizons or more).
    package var short = ErrorTally()
    package var long = ErrorTally()

    package init() {}

    package mutating func merge(_ other: FoldTallies) {
        all.merge(other.all)
        truncated.merge(other.truncated)
        short.merge(other.short)
        long.merge(other.long)
    }
}

/// Running sums of estimate errors.
package struct ErrorTally: Sendable, Hashable {
    var count = 0
    var squared = 0.0
    var absolute = 0.0
    var signed = 0.0
    var phm = 0.0
    var covered = 0
    var width = 0.0

    package init() {}

    /// Adds one estimate; the PHM08 score counts the error in time steps (cycles for C-MAPSS).
    mutating func add(estimate: RULEstimate, truth: Double, step: Double) {
        let error = estimate.rul - truth
        count += 1
        squared += error * error
        absolute += abs(error)
        signed += error
        let steps = error / step
        phm += steps < 0 ? Double.exp(-steps / 13) - 1 : Double.exp(steps / 10) - 1
        let slack = 1e-9 * max(1, abs(truth))
        if estimate.lower - slack <= truth && truth <= estimate.upper + slack { covered += 1 }
        width += estimate.upper - estimate.lower
    }

    package mutating func merge(_ other: ErrorTally) {
        count += other.count
        squared += other.squared
        absolute += other.absolute
        signed += other.signed
        phm += other.phm
        covered += other.covered
        width += other.width
    }

    var rmse: Double { (squared / Double(max(count, 1))).squareRoot() }
    /// Mean of estimate − truth: negative when failure is called too early.
    var bias: Double { signed / Double(max(count, 1)) }

    package func score(folds: Int) -> CrossValidationScore {
        let n = Double(max(count, 1))
        return CrossValidationScore(rmse: (squared / n).squareRoot(), mae: absolute / n, phmScore: phm / n,
                                    coverage: Double(covered) / n, meanWidth: width / n, estimates: count,
                                    folds: folds)
    }
}
