/// A health indicator (HI): one number per time step that is 0 for a machine as new and rises
/// towards the failure threshold as it degrades.
///
/// It is a linear fusion of channels, each standardised first:
/// `HI = bias + Σ weightᵢ · (xᵢ − centerᵢ) / scaleᵢ`. A single indicator is the one-channel case
/// (`weight = 1`, `center` = healthy level, `scale` = failure level − healthy level).
package struct HealthIndicator: Sendable, Hashable, Codable {
    /// One input channel of the indicator.
    package struct Channel: Sendable, Hashable, Codable {
        package var name: String
        package var center: Double
        package var scale: Double
        package var weight: Double
        /// Values outside `low…high` are not plausible readings of this channel (a broken sensor,
        /// a unit mix-up) and are rejected instead of moving the indicator.
        package var low: Double
        package var high: Double

        package init(name: String, center: Double, scale: Double, weight: Double, low: Double, high: Double) {
            self.name = name
            self.center = center
            self.scale = scale
            self.weight = weight
            self.low = low
            self.high = high
        }

        /// Whether `value` is a reading this channel can plausibly produce.
        package func accepts(_ value: Double) -> Bool {
            value.isFinite && value >= low && value <= high
        }
    }

    package var channels: [Channel]
    package var bias: Double

    package init(channels: [Channel], bias: Double) {
        self.channels = channels
        self.bias = bias
    }

    /// The indicator for one value per channel, in the order of `channels`.
    package func value(_ values: [Double]) -> Double {
        precondition(values.count == channels.count, "one value per health-indicator channel")
        var sum = bias
        for (channel, value) in zip(channels, values) {
            sum += channel.weight * (value - channel.center) / channel.scale
        }
        return sum
    }

    /// Each value standardised by its channel: `(x − center) / scale`, in the order of `channels`.
    package func standardised(_ values: [Double]) -> [Double] {
        zip(channels, values).map { channel, value in (value - channel.center) / channel.scale }
    }

    /// The names of the channels, in order.
    package var channelNames: [String] { channels.map(\.name) }
}
