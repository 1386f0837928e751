import Signals

/// The streaming prognosis of one asset under one model: readings in, remaining-useful-life
/// estimates out, in bounded memory. `pdm run`, `pdm replay` and the cross-validation of
/// `pdm retrain` all estimate through this type, so they agree by construction.
package struct AssetPrognoser: Sendable {
    /// What became of one reading.
    package enum Outcome: Sendable, Hashable {
        /// The model does not use this channel.
        case ignored
        /// Taken; a time step closed and gave this estimate, if not nil.
        case accepted(RULEstimate?)
        case rejected(PrognosisRejection)
    }

    package let asset: String
    /// The model, shared with the other assets under it.
    private let shared: PrognosticModel.Shared
    /// The model it estimates under.
    package var model: PrognosticModel { shared.model }
    var aggregator: StepAggregator
    var recent: [Double] = []
    let recentCapacity: Int
    /// Standardised channel values of the recent steps, for the network method.
    var recentSteps: [[Double]] = []
    var fit: BayesianLineFit?
    /// Age at which degradation was detected; the parametric models' time axis starts there.
    var onsetAge: Double?
    /// Highest health indicator since the onset: a fall from well above the onset level back to
    /// health means the machine was repaired.
    var peak = -Double.infinity
    var generator: SplitMix64
    /// Whether a reading was taken since the last ``takeSnapshot()``.
    package internal(set) var changedSinceSnapshot = false
    /// Whether a time step closed since the last ``takeSnapshot()`` (what a periodic save needs;
    /// the readings of an open step matter only at shutdown).
    package internal(set) var stepClosedSinceSnapshot = false
    /// Monte Carlo draws per parametric estimate.
    static let samples = 400

    package init(asset: String, model: PrognosticModel) {
        self.init(asset: asset, shared: PrognosticModel.Shared(model))
    }

    /// A prognoser under a model shared with other assets.
    package init(asset: String, shared: PrognosticModel.Shared) {
        self.asset = asset
        self.shared = shared
        let model = shared.model
        aggregator = StepAggregator(channels: model.healthIndicator.channels.count, step: model.timeStep)
        recentCapacity = switch model.method {
        case .similarity: max(model.similarity?.window ?? 1, 1)
        case .exponential, .linear, .network: DegradationModel.onsetSteps
        }
        recent.reserveCapacity(recentCapacity)
        fit = model.degradation(model.method)?.makeFit()
        generator = SplitMix64(seed: Self.seed(asset: asset, version: model.version))
    }

    /// Takes one reading.
    package mutating func observe(channel: String, time: Double, value: Double) -> Outcome {
        guard let position = shared.channelIndex[channel] else { return .ignored }
        guard time.isFinite else { return .rejected(.invalidTime(channel: channel)) }
        guard value.isFinite else { return .rejected(.notFinite(channel: channel)) }
        let spec = shared.model.healthIndicator.channels[position]
        guard spec.accepts(value) else {
            return .rejected(.implausible(channel: channel, value: value, low: spec.low, high: spec.high))
        }
        switch aggregator.add(channel: position, time: time, value: value) {
        case .failure(.late(let stepStart)):
            return .rejected(.late(channel: channel, time: time, stepStart: stepStart))
        case .failure(.outOfRange):
            return .rejected(.invalidTime(channel: channel))
        case .success(let closed):
            changedSinceSnapshot = true
            if closed != nil { stepClosedSinceSnapshot = true }
            return .accepted(closed.flatMap { estimate(for: $0) })
        }
    }

    /// Stops using `channel`'s last value (its data source went stale): estimates wait for a fresh
    /// reading of it.
    package mutating func forget(channel: String) {
        guard let position = shared.channelIndex[channel] else { return }
        aggregator.forget(channel: position)
    }

    /// Closes the open step (end of a recording) and returns its estimate.
    package mutating func finish() -> RULEstimate? {
        aggregator.flush().flatMap { estimate(for: $0) }
    }

    private mutating func estimate(for step: StepAggregator.Step) -> RULEstimate? {
        let hi = model.healthIndicator.value(step.values)
        guard hi.isFinite else { return nil }
        let lives: [Double]
        if recent.count == recentCapacity { recent.removeFirst() }
        recent.append(hi)
        switch model.method {
        case .similarity:
            guard let similarity = model.similarity else { return nil }
            lives = similarity.remainingSteps(recent: recent[...]).map { min($0 * model.timeStep, model.horizon) }
        case .network:
            guard let network = model.network else { return nil }
            if recentSteps.count >= network.memory { recentSteps.removeFirst(recentSteps.count - network.memory + 1) }
            recentSteps.append(model.healthIndicator.standardised(step.values))
            let features = network.features(recent: recentSteps[...],
                                            age: NetworkModel.stepsObserved(age: step.age, step: model.timeStep))
            let fraction = network.estimate(features)
            return makeEstimate(step: step, hi: hi, median: fraction.median * model.horizon,
                                lower: fraction.lower * model.horizon, upper: fraction.upper * model.horizon)
        case .exponential, .linear:
            guard let degradation = model.degradation(model.method), var fit else { return nil }
            if fit.observations > 0, peak >= 2 * degradation.onset, !degradation.hasStarted(recent: recent[...]) {
                // Back to health after a clear degradation: a repair (a new bearing). Start over.
                fit = degradation.makeFit()
                self.fit = fit
                onsetAge = nil
                peak = -.infinity
            }
            if fit.observations == 0, !degradation.hasStarted(recent: recent[...]) {
                // No degradation yet: the life is beyond the horizon, and at least what the
                // fleet lived from its onset on.
                let floor = degradation.durations.isEmpty
                    ? model.horizon
                    : min(Quantiles.quantile(sorted: degradation.durations, model.interval.lower), model.horizon)
                return makeEstimate(step: step, hi: hi, median: model.horizon, lower: floor, upper: model.horizon)
            }
            let origin = onsetAge ?? step.age
            onsetAge = origin
            peak = max(peak, hi)
            fit.add(t: step.age - origin, z: degradation.transform(hi))
            self.fit = fit
            lives = degradation.remainingLife(fit: fit, at: step.age - origin, threshold: model.threshold,
                                              horizon: model.horizon, samples: Self.samples, generator: &generator)
        }
        guard !lives.isEmpty else { return nil }
        return makeEstimate(step: step, hi: hi, median: Quantiles.quantile(sorted: lives, 0.5),
                            lower: Quantiles.quantile(sorted: lives, model.interval.lower),
                            upper: Quantiles.quantile(sorted: lives, model.interval.upper))
    }

    private func makeEstimate(step: StepAggregator.Step, hi: Double, median: Double, lower: Double,
                              upper: Double) -> RULEstimate {
        RULEstimate(asset: asset, time: step.time, rul: median, lower: lower, upper: upper, healthIndicator: hi,
                    threshold: model.threshold.value, beyondHorizon: median >= model.horizon,
                    method: model.method.rawValue, model: model.name, modelVersion: model.version)
    }

    /// Bytes of state this prognoser holds beyond the shared model.
    package var stateBytes: Int {
        MemoryLayout<Self>.size + aggregator.stateBytes + recent.capacity * MemoryLayout<Double>.size
            + recentSteps.reduce(recentSteps.capacity * MemoryLayout<[Double]>.size) {
                $0 + $1.capacity * MemoryLayout<Double>.size
            }
    }

    /// FNV-1a of the asset name and model version: estimates reproduce exactly for the same input.
    private static func seed(asset: String, version: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in asset.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash ^ UInt64(truncatingIfNeeded: version)
    }
}
