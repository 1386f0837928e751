import Signals

extension NetworkModel {
    /// How a network is trained.
    package struct Training: Sendable, Hashable {
        /// Widths of the hidden layers (rectified linear units).
        package var hidden: [Int] = [32, 16]
        /// Passes over the samples, fewer when there are many (see ``sampleBudget``).
        package var epochs = 20
        package var batch = 64
        package var learningRate = 1e-3
        /// Samples seen over all epochs at most: big fleets take fewer passes.
        package var sampleBudget = 400_000
        package var seed: UInt64 = 1

        package init() {}
    }

    /// The samples a network learns from: one row of features per training step, and its
    /// remaining life as a fraction of the horizon (0…1).
    struct Samples {
        let width: Int
        private(set) var features: [Double] = []
        private(set) var targets: [Double] = []

        init(width: Int) { self.width = width }

        var count: Int { targets.count }

        mutating func append(_ row: [Double], target: Double) {
            precondition(row.count == width, "one value per input")
            features += row
            targets.append(target)
        }
    }

    /// Fits the layers to `samples` (mean squared error, Adam), then the residual bands at the
    /// `interval` quantiles on `calibration` (on `samples` when nil).
    static func fit(_ samples: Samples, windows: [Int], slopeWindow: Int, ageScale: Double, training: Training,
                    interval: PrognosticModel.Interval, calibration: Samples?) -> NetworkModel {
        var generator = SplitMix64(seed: training.seed)
        let widths = [samples.width] + training.hidden.map { max($0, 1) } + [1]
        let mean = samples.targets.isEmpty ? 0.5 : samples.targets.reduce(0, +) / Double(samples.count)
        var layers: [Layer] = []
        for (inputs, outputs) in zip(widths, widths.dropFirst()) {
            let isLast = outputs == 1 && layers.count == widths.count - 2
            let deviation = ((isLast ? 1.0 : 2.0) / Double(inputs)).squareRoot()
            let weights = (0..<(inputs * outputs)).map { _ in Gaussian.sample(deviation, using: &generator) }
            layers.append(Layer(inputs: inputs, outputs: outputs, weights: weights,
                                biases: Array(repeating: isLast ? mean : 0, count: outputs)))
        }
        var optimiser = Optimiser(layers: layers, learningRate: training.learningRate)
        let epochs = max(1, min(training.epochs, training.sampleBudget / max(samples.count, 1)))
        var order = Array(0..<samples.count)
        var pass = Pass(widths: widths)
        for _ in 0..<epochs {
            order.shuffle(using: &generator)
            var start = 0
            while start < order.count {
                let batch = order[start..<min(start + max(training.batch, 1), order.count)]
                pass.clearGradients()
                for index in batch {
                    pass.accumulate(layers: layers, samples: samples, index: index, scale: 2 / Double(batch.count))
                }
                optimiser.step(&layers, gradients: pass.gradients)
                start += batch.count
            }
        }
        var model = NetworkModel(windows: windows, slopeWindow: slopeWindow, ageScale: ageScale, layers: layers,
                                 residuals: [])
        model.residuals = model.residualBands(calibration ?? samples, interval: interval)
        return model
    }

    /// Five bands of equally many training predictions, each with its residual quantiles.
    private func residualBands(_ samples: Samples, interval: PrognosticModel.Interval) -> [ResidualBand] {
        guard samples.count > 0 else { return [] }
        var pairs: [(prediction: Double, residual: Double)] = []
        pairs.reserveCapacity(samples.count)
        samples.features.withUnsafeBufferPointer { features in
            for index in 0..<samples.count {
                let row = Array(features[(index * samples.width)..<((index + 1) * samples.width)])
                let prediction = estimate(row).median
                pairs.append((prediction, samples.targets[index] - prediction))
            }
        }
        pairs.sort { $0.prediction < $1.prediction }
        let bands = min(5, pairs.count)
        var result: [ResidualBand] = []
        for band in 0..<bands {
            let slice = pairs[(band * pairs.count / bands)..<((band + 1) * pairs.count / bands)]
            guard let last = slice.last else { continue }
            let residuals = slice.map(\.residual).sorted()
            result.append(ResidualBand(below: band == bands - 1 ? 1 : last.prediction,
                                       lower: Quantiles.quantile(sorted: residuals, interval.lower),
                                       upper: Quantiles.quantile(sorted: residuals, interval.upper)))
        }
        return result
    }
}
