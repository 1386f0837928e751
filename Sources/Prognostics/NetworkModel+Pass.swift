import RealModule

extension NetworkModel {
    /// Forward and backward pass over one sample at a time, accumulating the gradient of a batch.
    struct Pass {
        let widths: [Int]
        /// Per layer: weight gradients then bias gradients, in the layer's layout.
        var gradients: [[Double]]
        private var activations: [[Double]]
        private var deltas: [[Double]]

        init(widths: [Int]) {
            self.widths = widths
            gradients = zip(widths, widths.dropFirst()).map { Array(repeating: 0, count: $0 * $1 + $1) }
            activations = widths.map { Array(repeating: 0, count: $0) }
            deltas = widths.map { Array(repeating: 0, count: $0) }
        }

        mutating func clearGradients() {
            for index in gradients.indices {
                gradients[index].withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            }
        }

        /// Adds the gradient of `scale`·(output − target)²/2 for sample `index`.
        mutating func accumulate(layers: [Layer], samples: Samples, index: Int, scale: Double) {
            let width = samples.width
            samples.features.withUnsafeBufferPointer { features in
                for column in 0..<width { activations[0][column] = features[index * width + column] }
            }
            for (position, layer) in layers.enumerated() {
                let isLast = position == layers.count - 1
                layer.weights.withUnsafeBufferPointer { w in
                    activations[position].withUnsafeBufferPointer { x in
                        activations[position + 1].withUnsafeMutableBufferPointer { y in
                            for row in 0..<layer.outputs {
                                var sum = layer.biases[row]
                                let base = row * layer.inputs
                                for column in 0..<layer.inputs { sum += w[base + column] * x[column] }
                                y[row] = isLast ? sum : max(sum, 0)
                            }
                        }
                    }
                }
            }
            let output = activations[layers.count][0]
            deltas[layers.count][0] = scale * (output - samples.targets[index])
            for position in layers.indices.reversed() {
                let layer = layers[position]
                let inputs = layer.inputs, outputs = layer.outputs
                deltas[position + 1].withUnsafeBufferPointer { delta in
                    activations[position].withUnsafeBufferPointer { x in
                        gradients[position].withUnsafeMutableBufferPointer { g in
                            for row in 0..<outputs where delta[row] != 0 {
                                let d = delta[row], base = row * inputs
                                for column in 0..<inputs { g[base + column] += d * x[column] }
                                g[inputs * outputs + row] += d
                            }
                        }
                    }
                    guard position > 0 else { return }
                    layer.weights.withUnsafeBufferPointer { w in
                        activations[position].withUnsafeBufferPointer { x in
                            deltas[position].withUnsafeMutableBufferPointer { previous in
                                previous.update(repeating: 0)
                                for row in 0..<outputs where delta[row] != 0 {
                                    let d = delta[row], base = row * inputs
                                    for column in 0..<inputs { previous[column] += d * w[base + column] }
                                }
                                // Rectified units pass the gradient only where they were active.
                                for column in 0..<inputs where x[column] <= 0 { previous[column] = 0 }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adam: per-parameter steps scaled by running moments of the gradient.
    struct Optimiser {
        let learningRate: Double
        private var first: [[Double]]
        private var second: [[Double]]
        private var steps = 0
        static let beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8

        init(layers: [Layer], learningRate: Double) {
            self.learningRate = learningRate
            first = layers.map { Array(repeating: 0, count: $0.weights.count + $0.biases.count) }
            second = first
        }

        mutating func step(_ layers: inout [Layer], gradients: [[Double]]) {
            steps += 1
            let power = Double(min(steps, 100_000))
            let correction1 = 1 - Double.pow(Self.beta1, power), correction2 = 1 - Double.pow(Self.beta2, power)
            for position in layers.indices {
                let weightCount = layers[position].weights.count
                gradients[position].withUnsafeBufferPointer { g in
                    first[position].withUnsafeMutableBufferPointer { m in
                        second[position].withUnsafeMutableBufferPointer { v in
                            func update(_ parameter: inout Double, _ k: Int) {
                                m[k] = Self.beta1 * m[k] + (1 - Self.beta1) * g[k]
                                v[k] = Self.beta2 * v[k] + (1 - Self.beta2) * g[k] * g[k]
                                parameter -= learningRate * (m[k] / correction1) / ((v[k] / correction2).squareRoot() + Self.epsilon)
                            }
                            layers[position].weights.withUnsafeMutableBufferPointer { w in
                                for k in 0..<weightCount { update(&w[k], k) }
                            }
                            layers[position].biases.withUnsafeMutableBufferPointer { b in
                                for k in b.indices { update(&b[k], weightCount + k) }
                            }
                        }
                    }
                }
            }
        }
    }
}
