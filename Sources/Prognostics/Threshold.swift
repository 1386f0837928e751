/// The health-indicator level at which an asset is considered failed, with its spread across
/// the fleet (standard deviation of the level at failure).
public struct Threshold: Sendable, Hashable, Codable {
    public var value: Double
    public var spread: Double

    public init(value: Double, spread: Double) {
        self.value = value
        self.spread = spread
    }
}
