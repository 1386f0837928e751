import Signals

extension ModelTrainer {
    /// Windows (steps) whose channel means the network sees.
    static let networkWindows = [10, 30, 60]
    /// Steps the network's slope inputs span.
    static let networkSlopeWindow = 30
    /// Training steps at most; longer fleets are sampled at a regular stride.
    static let networkMaximumSamples = 100_000

    /// The network fitted on every step of every run (at a stride when there are very many): the
    /// inputs the streaming side will compute at that step, and the remaining life there.
    ///
    /// Its interval is calibrated on assets it has not seen: with five runs or more, a first
    /// network is fitted without a fifth of them, and its residuals on that fifth give the bands.
    func networkModel(_ stepped: [[StepAggregator.Step]], indicator: HealthIndicator, step: Double,
                      horizon: Double) -> NetworkModel {
        let shape = NetworkModel(windows: Self.networkWindows, slopeWindow: Self.networkSlopeWindow,
                                 ageScale: horizon / step, layers: [], residuals: [])
        let total = stepped.reduce(0) { $0 + $1.count }
        let stride = max(1, (total + Self.networkMaximumSamples - 1) / Self.networkMaximumSamples)
        func samples(_ runs: [Int]) -> NetworkModel.Samples {
            var samples = NetworkModel.Samples(width: indicator.channels.count * shape.inputsPerChannel + 1)
            for run in runs {
                let steps = stepped[run]
                guard let end = steps.last?.age else { continue }
                let standardised = steps.map { indicator.standardised($0.values) }
                for index in Swift.stride(from: steps.count - 1, through: 0, by: -stride) {
                    let recent = standardised[max(0, index - shape.memory + 1)...index]
                    samples.append(shape.features(recent: recent, age: NetworkModel.stepsObserved(age: steps[index].age, step: step)),
                                   target: min(max(end - steps[index].age, 0), horizon) / horizon)
                }
            }
            return samples
        }
        var training = options.network
        training.seed = options.seed
        func fit(_ samples: NetworkModel.Samples, calibration: NetworkModel.Samples?) -> NetworkModel {
            NetworkModel.fit(samples, windows: shape.windows, slopeWindow: shape.slopeWindow, ageScale: shape.ageScale,
                             training: training, interval: options.interval, calibration: calibration)
        }
        var model = fit(samples(Array(stepped.indices)), calibration: nil)
        if stepped.count >= 5 {
            var order = Array(stepped.indices)
            var generator = SplitMix64(seed: options.seed ^ 0x5EED_CA1B)
            order.shuffle(using: &generator)
            let held = order.count / 5
            let probe = fit(samples(Array(order[held...])), calibration: samples(Array(order[..<held])))
            model.residuals = probe.residuals
        }
        return model
    }
}
