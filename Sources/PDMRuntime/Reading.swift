/// One numeric sample of one channel of one asset.
package struct Reading: Sendable, Hashable {
    package var asset: String
    package var channel: String
    /// Seconds since 1970-01-01T00:00:00Z.
    package var time: Double
    package var value: Double

    package init(asset: String, channel: String, time: Double, value: Double) {
        self.asset = asset
        self.channel = channel
        self.time = time
        self.value = value
    }
}

extension Reading {
    /// Times a reading may carry: from 2000-01-01 to 2100-01-01 (Unix seconds). Anything else is
    /// a wrong unit (milliseconds or nanoseconds read as seconds), a clock that was never set, or
    /// a corrupt payload, whatever the format it came in.
    package static let plausibleTimes: Range<Double> = 946_684_800..<4_102_444_800

    /// `time` if it is plausible, otherwise the rejection that says so.
    static func checkTime(_ time: Double, topic: String) throws(ReadingError) -> Double {
        guard plausibleTimes.contains(time) else { throw .timestampOutOfRange(topic: topic, time: time) }
        return time
    }
}
