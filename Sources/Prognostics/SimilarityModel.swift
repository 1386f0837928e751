/// Remaining life by similarity: the asset's recent health-indicator trajectory is matched
/// against every run-to-failure trajectory of the training fleet at its best-fitting position;
/// the remaining lives of the closest matches form the estimate's distribution.
package struct SimilarityModel: Sendable, Hashable, Codable {
    /// One training asset's health indicator, one value per time step, ending at its failure.
    package struct Trajectory: Sendable, Hashable, Codable {
        package var asset: String
        package var values: [Double]

        package init(asset: String, values: [Double]) {
            self.asset = asset
            self.values = values
        }
    }

    /// Number of most recent steps compared.
    package var window: Int
    /// Number of closest training trajectories whose remaining lives are kept.
    package var neighbours: Int
    package var trajectories: [Trajectory]

    package init(window: Int, neighbours: Int, trajectories: [Trajectory]) {
        self.window = window
        self.neighbours = neighbours
        self.trajectories = trajectories
    }

    /// Remaining lives in steps of the closest matches for `recent` (oldest first, at most
    /// `window` values), sorted ascending; empty when nothing can be matched.
    package func remainingSteps(recent: ArraySlice<Double>) -> [Double] {
        let length = min(recent.count, window)
        guard length > 0 else { return [] }
        let query = Array(recent.suffix(length))
        var matches: [(distance: Double, steps: Double)] = []
        matches.reserveCapacity(trajectories.count)
        query.withUnsafeBufferPointer { q in
            for trajectory in trajectories where trajectory.values.count >= length {
                trajectory.values.withUnsafeBufferPointer { g in
                    var best = Double.infinity
                    var bestStart = 0
                    for start in 0...(g.count - length) {
                        var sum = 0.0
                        for index in 0..<length {
                            let difference = q[index] - g[start + index]
                            sum += difference * difference
                            if sum >= best { break }
                        }
                        if sum < best {
                            best = sum
                            bestStart = start
                        }
                    }
                    matches.append((best, Double(g.count - bestStart - length)))
                }
            }
        }
        matches.sort { $0.distance < $1.distance }
        return matches.prefix(max(neighbours, 1)).map(\.steps).sorted()
    }
}
