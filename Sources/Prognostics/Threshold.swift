/// The health-indicator level at which an asset is considered failed, with its spread across
/// the fleet (standard deviation of the level at failure).
package struct Threshold: Sendable, Hashable, Codable {
    package var value: Double
    package var spread: Double

    package init(value: Double, spread: Double) {
        self.value = value
        self.spread = spread
    }
}
