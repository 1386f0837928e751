import RealModule
import Signals

/// Fits a ``PrognosticModel`` from run-to-failure histories: channel screening, health-indicator
/// fusion, failure threshold, fleet priors of the degradation models and the similarity library.
package struct ModelTrainer: Sendable {
    package let channels: [String]
    package let options: TrainingOptions

    /// Fewest assets a fit needs: a fleet prior needs a spread.
    package static let minimumAssets = 2

    package init(channels: [String], options: TrainingOptions) {
        self.channels = channels
        self.options = options
    }

    /// The model fitted on all of `histories` (no cross-validation).
    package func fit(_ histories: [RunHistory]) throws(TrainingError) -> PrognosticModel {
        guard histories.count >= Self.minimumAssets else {
            throw .tooFewAssets(found: histories.count, needed: Self.minimumAssets)
        }
        let step = Self.timeStep(histories)
        let lives = histories.compactMap { run in run.end.flatMap { end in run.times.first.map { end - $0 } } }
        let horizon = options.horizon ?? Self.defaultHorizon(lives: lives, step: step)
        guard horizon > 0 else { throw .invalidOption("the horizon must be positive") }

        // Screen channels on the raw rows against the degradation target.
        var kept: [Int] = []
        var dropped: [String: String] = [:]
        for (channel, name) in channels.enumerated() {
            var values: [Double] = [], targets: [Double] = []
            for run in histories {
                guard let end = run.end else { continue }
                for (time, row) in zip(run.times, run.rows) {
                    guard let value = row[channel] else { continue }
                    values.append(value)
                    targets.append(Self.degradation(remaining: end - time, horizon: horizon))
                }
            }
            if let reason = Self.screen(values: values, targets: targets, minimum: options.minimumCorrelation) {
                dropped[name] = reason
            } else {
                kept.append(channel)
            }
        }
        guard !kept.isEmpty else { throw .noInformativeChannel(dropped: dropped) }

        // Standardise each kept channel over all rows; plausible range around what was seen.
        var specs: [HealthIndicator.Channel] = []
        for channel in kept {
            let values = histories.flatMap { run in run.rows.compactMap { $0[channel] } }
            let moments = Self.meanAndDeviation(values)
            let low = values.min() ?? 0, high = values.max() ?? 0
            let margin = max(3 * (high - low), moments.deviation)
            specs.append(.init(name: channels[channel], center: moments.mean, scale: moments.deviation, weight: 0,
                               low: low - margin, high: high + margin))
        }

        // Steps per run, as the streaming side will see them.
        let stepped = try histories.map { run throws(TrainingError) in
            let steps = Self.steps(of: run, channels: kept, step: step)
            guard steps.count >= 2 else { throw .tooShort(asset: run.asset, steps: steps.count, needed: 2) }
            return steps
        }

        // Least-squares fusion of the standardised channels onto the degradation target.
        let width = kept.count + 1
        var normal = Array(repeating: Array(repeating: 0.0, count: width), count: width)
        var rhs = Array(repeating: 0.0, count: width)
        var rows = 0
        for steps in stepped {
            guard let end = steps.last?.age else { continue }
            for step in steps {
                var x = [1.0]
                for (position, spec) in specs.enumerated() {
                    x.append((step.values[position] - spec.center) / spec.scale)
                }
                let y = Self.degradation(remaining: end - step.age, horizon: horizon)
                for i in 0..<width {
                    rhs[i] += x[i] * y
                    for j in 0..<width { normal[i][j] += x[i] * x[j] }
                }
                rows += 1
            }
        }
        for i in 1..<width { normal[i][i] += 1e-6 * Double(rows) }
        guard let weights = LinearSystem.solve(normal, rhs) else { throw .noInformativeChannel(dropped: dropped) }
        for position in specs.indices { specs[position].weight = weights[position + 1] }
        let indicator = HealthIndicator(channels: specs, bias: weights[0])

        let trajectories = stepped.map { steps in steps.map { indicator.value($0.values) } }
        let finals = trajectories.compactMap(\.last)
        let threshold = Threshold(value: Quantiles.median(finals) ?? 1,
                                  spread: Self.meanAndDeviation(finals).deviation)
        let ages = stepped.map { $0.map(\.age) }

        // Healthy behaviour: steps more than a horizon before failure.
        var healthy: [Double] = []
        for (steps, values) in zip(stepped, trajectories) {
            guard let end = steps.last?.age else { continue }
            for (step, value) in zip(steps, values) where end - step.age > horizon { healthy.append(value) }
        }
        if healthy.count < 2 { healthy = trajectories.compactMap(\.first) }
        let healthyLevel = Self.meanAndDeviation(healthy)
        guard threshold.value > healthyLevel.mean else {
            throw .failureBelowHealthy(failure: threshold.value, healthy: healthyLevel.mean)
        }
        let onset = healthyLevel.mean + 3 * healthyLevel.deviation / Double(DegradationModel.onsetSteps).squareRoot()
        // φ of the exponential model: the level below the healthy one that makes the fleet's
        // degradation most nearly exponential (least squared error on the indicator's own scale).
        let rise = max(threshold.value - healthyLevel.mean, 1e-6)
        var exponential = degradationModel(shape: .exponential, offset: healthyLevel.mean - rise, onset: onset,
                                           ages: ages, trajectories: trajectories)
        for fraction in [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.5, 2] {
            let candidate = degradationModel(shape: .exponential, offset: healthyLevel.mean - fraction * rise,
                                             onset: onset, ages: ages, trajectories: trajectories)
            if candidate.error < exponential.error { exponential = candidate }
        }
        let linear = degradationModel(shape: .linear, offset: 0, onset: onset,
                                      ages: ages, trajectories: trajectories).model
        let similarity = SimilarityModel(
            window: options.similarityWindow, neighbours: options.neighbours,
            trajectories: zip(histories, trajectories).map { run, values in
                .init(asset: run.asset, values: values.map { ($0 * 10_000).rounded() / 10_000 })
            })

        let network = networkModel(stepped, indicator: indicator, step: step, horizon: horizon)
        let hiQuality = HealthIndicatorQuality(trajectories: trajectories)
        let baselines = Self.baselines(histories, channels: channels, dropped: dropped, horizon: horizon)
        return PrognosticModel(
            name: options.name, version: options.version, fittedAt: options.fittedAt,
            description: options.description, assets: options.assets, timeUnit: options.timeUnit,
            timeStep: step, horizon: horizon, interval: options.interval, healthIndicator: indicator,
            threshold: threshold, method: options.method ?? .similarity, similarity: similarity,
            exponential: exponential.model, linear: linear, network: network, baselines: baselines,
            quality: ModelQuality(monotonicity: hiQuality.monotonicity, prognosability: hiQuality.prognosability,
                                  trendability: hiQuality.trendability, droppedChannels: dropped,
                                  trainingAssets: histories.count))
    }

    /// Healthy mean and deviation of each channel that varies: rows more than a horizon before
    /// failure (the first fifth of each run where none are).
    static func baselines(_ histories: [RunHistory], channels: [String], dropped: [String: String],
                          horizon: Double) -> [String: Baseline] {
        var result: [String: Baseline] = [:]
        for (channel, name) in channels.enumerated() where dropped[name] != "constant" {
            var healthy: [Double] = []
            for run in histories {
                guard let end = run.end, let start = run.times.first else { continue }
                let early = end - start > horizon ? end - horizon : start + (end - start) / 5
                for (time, row) in zip(run.times, run.rows) where time < early {
                    if let value = row[channel] { healthy.append(value) }
                }
            }
            guard healthy.count >= 2 else { continue }
            let moments = meanAndDeviation(healthy)
            result[name] = Baseline(mean: moments.mean, standardDeviation: moments.deviation)
        }
        return result
    }

    /// Degradation target: 0 while the asset is more than `horizon` from failure, rising to 1 at it.
    static func degradation(remaining: Double, horizon: Double) -> Double {
        1 - min(max(remaining, 0), horizon) / horizon
    }

    /// Why a channel is left out, or nil to keep it.
    static func screen(values: [Double], targets: [Double], minimum: Double) -> String? {
        guard values.count >= 3 else { return "too few values (\(values.count))" }
        let moments = meanAndDeviation(values)
        guard moments.deviation > 1e-9 * max(1, abs(moments.mean)) else { return "constant" }
        var distinct = Set<Double>()
        for value in values where distinct.count < 3 { distinct.insert(value) }
        guard distinct.count > 2 else { return "only two distinct values" }
        let r = HealthIndicatorQuality.correlation(values, targets)
        guard abs(r) >= minimum else {
            return "uninformative (|r| = \(Double(Int((abs(r) * 1000).rounded())) / 1000) with degradation)"
        }
        return nil
    }

    static func meanAndDeviation(_ values: [Double]) -> (mean: Double, deviation: Double) {
        guard !values.isEmpty else { return (0, 0) }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(values.count - 1, 1))
        return (mean, variance.squareRoot())
    }

    /// Median spacing of consecutive rows.
    static func timeStep(_ histories: [RunHistory]) -> Double {
        var gaps: [Double] = []
        for run in histories {
            for (a, b) in zip(run.times, run.times.dropFirst()) where b > a { gaps.append(b - a) }
        }
        return Quantiles.median(gaps) ?? 1
    }

    static func defaultHorizon(lives: [Double], step: Double) -> Double {
        let median = Quantiles.median(lives) ?? step
        return max((0.6 * median / step).rounded() * step, step)
    }

    /// The run's rows through the same step averaging as the streaming side.
    static func steps(of run: RunHistory, channels: [Int], step: Double) -> [StepAggregator.Step] {
        var aggregator = StepAggregator(channels: channels.count, step: step)
        var steps: [StepAggregator.Step] = []
        for (time, row) in zip(run.times, run.rows) {
            for (position, channel) in channels.enumerated() {
                guard let value = row[channel] else { continue }
                if case .success(let closed?) = aggregator.add(channel: position, time: time, value: value) {
                    steps.append(closed)
                }
            }
        }
        if let last = aggregator.flush() { steps.append(last) }
        return steps
    }

    /// A degradation model whose fleet prior is fitted on each run from its onset of degradation
    /// on, and its mean squared error on the health-indicator scale.
    func degradationModel(shape: DegradationModel.Shape, offset: Double, onset: Double,
                          ages: [[Double]], trajectories: [[Double]]) -> (model: DegradationModel, error: Double) {
        var model = DegradationModel(shape: shape, offset: offset, prior: LinePrior(
            intercept: 0, slope: 0, interceptVariance: 1, slopeVariance: 1, covariance: 0, noiseVariance: 1),
            memory: options.memory, onset: onset, durations: [])
        var segments: [(t: [Double], z: [Double])] = []
        var durations: [Double] = []
        for (t, values) in zip(ages, trajectories) {
            let start = model.onsetIndex(values) ?? max(values.count - DegradationModel.onsetSteps, 0)
            // Time from the onset on, as the streaming side measures it.
            segments.append((t[start...].map { $0 - t[start] }, values[start...].map(model.transform)))
            if let end = t.last { durations.append(end - t[start]) }
        }
        model.prior = Self.prior(segments)
        model.durations = durations.sorted()
        var squared = 0.0, count = 0.0
        for (t, z) in segments {
            guard let line = LinearSystem.line(t: t, z: z) else { continue }
            for (ti, zi) in zip(t, z) {
                let difference = model.inverse(line.intercept + line.slope * ti) - model.inverse(zi)
                squared += difference * difference
                count += 1
            }
        }
        return (model, count > 0 ? squared / count : .infinity)
    }

    /// Fleet prior of the line `z = a + b·t`: mean and covariance of each run's own fit, and the
    /// pooled residual variance.
    static func prior(_ segments: [(t: [Double], z: [Double])]) -> LinePrior {
        var lines: [(Double, Double)] = []
        var residual = 0.0, dof = 0.0
        for (t, z) in segments {
            guard let fit = LinearSystem.line(t: t, z: z) else { continue }
            lines.append((fit.intercept, fit.slope))
            residual += fit.residual
            dof += Double(t.count - 2)
        }
        let a = meanAndDeviation(lines.map(\.0)), b = meanAndDeviation(lines.map(\.1))
        var covariance = 0.0
        for line in lines { covariance += (line.0 - a.mean) * (line.1 - b.mean) }
        covariance /= Double(max(lines.count - 1, 1))
        // Keep the covariance positive definite even for identical runs.
        let va = max(a.deviation * a.deviation, 1e-12), vb = max(b.deviation * b.deviation, 1e-18)
        covariance = max(min(covariance, 0.99 * (va * vb).squareRoot()), -0.99 * (va * vb).squareRoot())
        return LinePrior(intercept: a.mean, slope: b.mean, interceptVariance: va, slopeVariance: vb,
                         covariance: covariance, noiseVariance: dof > 0 ? residual / dof : 1)
    }
}
