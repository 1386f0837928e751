/// Remaining life by regression: a small feed-forward network maps what the asset's channels did
/// over its recent steps (means over several windows, the recent slope) and how long the asset has
/// been observed to its remaining life, learned from the training fleet at every step of every run.
///
/// Unlike similarity, it does not need the recent trajectory to resemble one training run: it
/// learns from all of them at once how the channels move as failure approaches. Its interval
/// comes from the spread of the training residuals at similar predictions.
package struct NetworkModel: Sendable, Hashable, Codable {
    /// One fully connected layer: `outputs` rows of `inputs` weights (row-major) and a bias each.
    package struct Layer: Sendable, Hashable, Codable {
        package var inputs: Int
        package var outputs: Int
        package var weights: [Double]
        package var biases: [Double]

        package init(inputs: Int, outputs: Int, weights: [Double], biases: [Double]) {
            self.inputs = inputs
            self.outputs = outputs
            self.weights = weights
            self.biases = biases
        }

        /// Whether the arrays have the sizes the shape says.
        var isConsistent: Bool {
            inputs > 0 && outputs > 0 && weights.count == inputs * outputs && biases.count == outputs
                && weights.allSatisfy(\.isFinite) && biases.allSatisfy(\.isFinite)
        }
    }

    /// Residuals (truth − prediction, as fractions of the horizon) of the training steps whose
    /// prediction was at most `below`, at the model's interval quantiles.
    package struct ResidualBand: Sendable, Hashable, Codable {
        package var below: Double
        package var lower: Double
        package var upper: Double

        package init(below: Double, lower: Double, upper: Double) {
            self.below = below
            self.lower = lower
            self.upper = upper
        }
    }

    /// Lengths in steps of the windows whose channel means are inputs, shortest first.
    package var windows: [Int]
    /// Steps the per-channel slope is measured over.
    package var slopeWindow: Int
    /// Steps observed are an input as a fraction of this, capped at ``ageCap`` of it.
    package var ageScale: Double
    package var layers: [Layer]
    /// Interval residuals by prediction, ascending `below`; the last band covers the rest.
    package var residuals: [ResidualBand]

    /// The input age is capped at this many ``ageScale``s: beyond, observed time says nothing more.
    package static let ageCap = 3.0

    package init(windows: [Int], slopeWindow: Int, ageScale: Double, layers: [Layer], residuals: [ResidualBand]) {
        self.windows = windows
        self.slopeWindow = slopeWindow
        self.ageScale = ageScale
        self.layers = layers
        self.residuals = residuals
    }

    /// Steps observed up to and including the one at `age` (time since the asset's first reading):
    /// the age input, counted the same way in training and streaming.
    package static func stepsObserved(age: Double, step: Double) -> Double {
        (age / step).rounded() + 1
    }

    /// Steps of history the features look back over.
    package var memory: Int { max(windows.max() ?? 1, slopeWindow, 1) }

    /// Inputs per channel.
    var inputsPerChannel: Int { windows.count + 1 }

    /// Whether the layers chain from the feature count for `channels` to one output.
    package func isConsistent(channels: Int) -> Bool {
        guard !windows.isEmpty, windows.allSatisfy({ $0 > 0 }), slopeWindow > 1, ageScale > 0, ageScale.isFinite,
              let first = layers.first, let last = layers.last else { return false }
        guard first.inputs == channels * inputsPerChannel + 1, last.outputs == 1 else { return false }
        for (a, b) in zip(layers, layers.dropFirst()) where a.outputs != b.inputs { return false }
        return layers.allSatisfy(\.isConsistent)
            && residuals.allSatisfy { $0.below.isFinite && $0.lower.isFinite && $0.upper.isFinite && $0.lower <= $0.upper }
    }

    /// The inputs for the newest of `recent` standardised step vectors (oldest first), after
    /// `age` steps observed: per channel, the mean over each window (or what there is of it) and
    /// the least-squares slope over the last ``slopeWindow`` steps (per 10 steps); then the age.
    package func features(recent: ArraySlice<[Double]>, age: Double) -> [Double] {
        let channels = recent.last?.count ?? 0
        var result: [Double] = []
        result.reserveCapacity(channels * inputsPerChannel + 1)
        for channel in 0..<channels {
            for window in windows {
                let slice = recent.suffix(window)
                var sum = 0.0
                for step in slice { sum += step[channel] }
                result.append(sum / Double(max(slice.count, 1)))
            }
            let slice = recent.suffix(slopeWindow)
            let centre = Double(slice.count - 1) / 2
            var moment = 0.0, spread = 0.0
            for (offset, step) in slice.enumerated() {
                let t = Double(offset) - centre
                moment += t * step[channel]
                spread += t * t
            }
            result.append(spread > 0 ? 10 * moment / spread : 0)
        }
        let scaledAge = age.isFinite ? max(age, 0) / ageScale : Self.ageCap
        result.append(min(scaledAge, Self.ageCap))
        return result
    }

    /// The network's output for `features`: remaining life as a fraction of the horizon,
    /// unclamped.
    package func output(_ features: [Double]) -> Double {
        var activations = features
        for (index, layer) in layers.enumerated() {
            var next = layer.biases
            let isLast = index == layers.count - 1
            layer.weights.withUnsafeBufferPointer { w in
                activations.withUnsafeBufferPointer { x in
                    for row in 0..<layer.outputs {
                        var sum = next[row]
                        let base = row * layer.inputs
                        for column in 0..<layer.inputs { sum += w[base + column] * x[column] }
                        next[row] = isLast ? sum : max(sum, 0)
                    }
                }
            }
            activations = next
        }
        return activations.first ?? 0
    }

    /// Median and interval of the remaining life as fractions of the horizon, each within 0…1.
    package func estimate(_ features: [Double]) -> (median: Double, lower: Double, upper: Double) {
        let raw = output(features)
        let prediction = raw.isFinite ? min(max(raw, 0), 1) : 1
        let band = residuals.first { prediction <= $0.below } ?? residuals.last
        let lower = prediction + (band?.lower ?? 0), upper = prediction + (band?.upper ?? 0)
        return (prediction, min(max(lower, 0), prediction), max(min(upper, 1), prediction))
    }
}
