/// A channel's anomaly evidence either way, each normalised so that 1 is anomalous at the
/// configured false-alarm rate.
package struct AnomalyLevel: Sendable, Hashable {
    /// Evidence that the channel rose above its healthy baseline.
    package var up: Double
    /// Evidence that it fell below it.
    package var down: Double

    package init(up: Double, down: Double) {
        self.up = up
        self.down = down
    }

    /// The evidence an anomaly rule looking in `direction` compares with its level.
    package func toward(_ direction: AnomalyDirection) -> Double {
        switch direction {
        case .up: up
        case .down: down
        case .both: max(up, down)
        }
    }
}

/// Which departure from the healthy baseline an anomaly rule watches. Degradation raises most
/// condition indicators (vibration, temperature, kurtosis), so `up` is the default.
package enum AnomalyDirection: String, Sendable, Hashable, Codable, CaseIterable {
    case up, down, both
}
