import RealModule
import Signals

/// K-fold cross-validation over whole assets: each fold's assets are held out, a model is fitted
/// on the others, and the held-out histories are streamed through ``AssetPrognoser`` exactly as
/// `pdm replay` would. Every estimate is scored against the true remaining life capped at the
/// horizon.
public struct CrossValidation: Sendable {
    public let trainer: ModelTrainer
    public let histories: [RunHistory]
    /// Fold of each history.
    public let folds: [Int]
    public let foldCount: Int
    /// Folds the options asked for; ``foldCount`` differs when the fleet is too small for them.
    public let requestedFolds: Int
    /// Fewest assets cross-validation needs: each fold holds one out and fits on the others.
    public static let minimumAssets = ModelTrainer.minimumAssets + 1

    public init(trainer: ModelTrainer, histories: [RunHistory]) throws(TrainingError) {
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
    public static func foldCount(requested: Int, assets: Int) -> Int {
        var count = min(max(requested, 2), assets)
        while count < assets && assets - (assets + count - 1) / count < ModelTrainer.minimumAssets { count += 1 }
        return count
    }

    /// Errors of every estimate of one fold, per method.
    public func evaluate(fold: Int) throws(TrainingError) -> [PrognosticModel.Method: ErrorTally] {
        let training = histories.indices.filter { folds[$0] != fold }.map { histories[$0] }
        let held = histories.indices.filter { folds[$0] == fold }.map { histories[$0] }
        let fitted = try trainer.fit(training)
        var tallies: [PrognosticModel.Method: ErrorTally] = [:]
        for method in PrognosticModel.Method.allCases {
            var model = fitted
            model.method = method
            var tally = ErrorTally()
            for run in held {
                guard let end = run.end else { continue }
                Self.replay(run, channels: trainer.channels, model: model) { estimate in
                    tally.add(estimate: estimate, truth: min(end - estimate.time, model.horizon), step: model.timeStep)
                }
            }
            tallies[method] = tally
        }
        return tallies
    }

    /// Scores per method over all folds, one fold after the other.
    public func run() throws(TrainingError) -> [PrognosticModel.Method: CrossValidationScore] {
        var folds: [[PrognosticModel.Method: ErrorTally]] = []
        for fold in 0..<foldCount { folds.append(try evaluate(fold: fold)) }
        return combine(folds)
    }

    /// Scores per method from the tallies of every fold (evaluated in any order).
    public func combine(_ folds: [[PrognosticModel.Method: ErrorTally]]) -> [PrognosticModel.Method: CrossValidationScore] {
        var total: [PrognosticModel.Method: ErrorTally] = [:]
        for tallies in folds {
            for (method, tally) in tallies { total[method, default: ErrorTally()].merge(tally) }
        }
        return total.mapValues { $0.score(folds: foldCount) }
    }

    /// Streams one recorded history through a prognoser, row by row, channel by channel.
    public static func replay(_ run: RunHistory, channels: [String], model: PrognosticModel,
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

/// Running sums of estimate errors.
public struct ErrorTally: Sendable, Hashable {
    var count = 0
    var squared = 0.0
    var absolute = 0.0
    var phm = 0.0
    var covered = 0
    var width = 0.0

    public init() {}

    /// Adds one estimate; the PHM08 score counts the error in time steps (cycles for C-MAPSS).
    mutating func add(estimate: RULEstimate, truth: Double, step: Double) {
        let error = estimate.rul - truth
        count += 1
        squared += error * error
        absolute += abs(error)
        let steps = error / step
        phm += steps < 0 ? Double.exp(-steps / 13) - 1 : Double.exp(steps / 10) - 1
        let slack = 1e-9 * max(1, abs(truth))
        if estimate.lower - slack <= truth && truth <= estimate.upper + slack { covered += 1 }
        width += estimate.upper - estimate.lower
    }

    public mutating func merge(_ other: ErrorTally) {
        count += other.count
        squared += other.squared
        absolute += other.absolute
        phm += other.phm
        covered += other.covered
        width += other.width
    }

    public func score(folds: Int) -> CrossValidationScore {
        let n = Double(max(count, 1))
        return CrossValidationScore(rmse: (squared / n).squareRoot(), mae: absolute / n, phmScore: phm / n,
                                    coverage: Double(covered) / n, meanWidth: width / n, estimates: count,
                                    folds: folds)
    }
}
