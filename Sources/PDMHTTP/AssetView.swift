import Payloads
import Signals

/// An asset as `/api/v1/assets` shows it: its latest RUL estimate, the latest streaming features of
/// each channel and how many of its alarms are annunciated.
struct AssetView: Encodable, Sendable {
    /// The latest streaming features of one channel.
    struct Indicator: Encodable, Sendable {
        struct Anomaly: Encodable, Sendable {
            var z_score: Double
            var cusum: Double
            var page_hinkley: Double
            var upward: Double
            var downward: Double
            var score: Double
        }

        var channel: String
        var unit: String?
        var time: Double
        var value: Double
        var count: Int
        var mean: Double
        var standard_deviation: Double
        var minimum: Double
        var maximum: Double
        var slope: Double?
        var rate_of_change: Double?
        /// Against the healthy baseline; absent while it is still being learned.
        var anomaly: Anomaly?
        /// Readings still to come before the baseline is learned; 0 once it is.
        var baseline_remaining: Int
        /// On a `<channel>.diagnosis` channel, the bearing fault its value codes.
        var fault: String?

        init(channel: String, _ features: ChannelFeatures) {
            self.channel = channel
            unit = ChannelUnit.of(channel)
            time = features.time
            value = features.value
            count = features.count
            mean = features.mean
            standard_deviation = features.standardDeviation
            minimum = features.minimum
            maximum = features.maximum
            slope = features.slope
            rate_of_change = features.rateOfChange
            baseline_remaining = features.baselineRemaining
            anomaly = features.anomaly.map {
                Anomaly(z_score: $0.zScore, cusum: $0.cusum, page_hinkley: $0.pageHinkley, upward: $0.upward,
                        downward: $0.downward, score: $0.score)
            }
            if channel.hasSuffix(".diagnosis") {
                fault = BearingFault.allCases.first { Double($0.code) == features.value }?.rawValue
            }
        }

        /// The channels of one asset, by name.
        static func list(_ channels: [String: ChannelFeatures]?) -> [Indicator] {
            (channels ?? [:]).sorted { $0.key < $1.key }.map { Indicator(channel: $0.key, $0.value) }
        }
    }

    /// A ticket or work order a receiver opened for one of the asset's annunciated alarms: the
    /// fields captured from its answer (`issue_id`, …).
    struct Ticket: Encodable, Sendable {
        var rule: String
        var receiver: String
        var fields: [String: String]
        /// Where to open it (the receiver's `ticket_url`).
        var url: String?
    }

    var asset: String
    var area: String
    var asset_class: String?
    var rul: LiveHub.Point?
    var indicators: [Indicator]
    /// Annunciated alarms (not normal).
    var active_alarms: Int
    /// Annunciated alarms by priority name.
    var alarms_by_priority: [String: Int]
    /// Rank of the most urgent annunciated alarm; 0 with none.
    var priority_rank: Int
    var tickets: [Ticket]
}

/// One asset in full: its recent estimates for the trend charts, its indicators and its alarms.
struct AssetDetail: Encodable, Sendable {
    var asset: String
    var area: String
    var asset_class: String?
    var estimates: [LiveHub.Point]
    var indicators: [AssetView.Indicator]
    var alarms: [AlarmPayload]
}
