/// One numeric sample of one channel of one asset.
public struct Reading: Sendable, Hashable {
    public var asset: String
    public var channel: String
    /// Seconds since 1970-01-01T00:00:00Z.
    public var time: Double
    public var value: Double

    public init(asset: String, channel: String, time: Double, value: Double) {
        self.asset = asset
        self.channel = channel
        self.time = time
        self.value = value
    }
}
