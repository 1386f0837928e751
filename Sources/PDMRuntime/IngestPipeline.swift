import AlarmEngine
import PDMConfig
import Signals

/// The pure core of `pdm run`: message in, decisions out. Maps topics to assets and channels,
/// parses readings, keeps rolling statistics per channel and threshold state per asset and rule.
public struct IngestPipeline: Sendable {
    /// What became of one message.
    public enum Output: Sendable, Hashable {
        case reading(Reading)
        case alarm(AlarmEvent)
        case rejected(ReadingError)
    }

    private struct ChannelKey: Hashable, Sendable {
        var asset: String
        var channel: String
    }

    private struct RuleKey: Hashable, Sendable {
        var asset: String
        var rule: String
    }

    public let configuration: PDMConfiguration
    private let parser = ReadingParser()
    private var statistics: [ChannelKey: RollingStatistics] = [:]
    private var thresholds: [RuleKey: ThresholdState] = [:]

    public init(configuration: PDMConfiguration) {
        self.configuration = configuration
    }

    /// Handles one message; `receivedAt` (Unix seconds) stands in for a missing `ts`.
    public mutating func handle(topic: String, payload: [UInt8], receivedAt: Double) -> [Output] {
        var route: (asset: String, channel: String?)?
        for subscription in configuration.subscriptions {
            if let parts = subscription.template.match(topic), let asset = parts["asset"] {
                route = (asset, parts["channel"] ?? subscription.channel)
                break
            }
        }
        guard let route else { return [.rejected(.unmappedTopic(topic))] }
        let readings: [Reading]
        do {
            readings = try parser.parse(payload, topic: topic, asset: route.asset, channel: route.channel,
                                        receivedAt: receivedAt)
        } catch {
            return [.rejected(error)]
        }
        var outputs: [Output] = []
        for reading in readings {
            outputs.append(.reading(reading))
            outputs += apply(reading)
        }
        return outputs
    }

    private mutating func apply(_ reading: Reading) -> [Output] {
        let key = ChannelKey(asset: reading.asset, channel: reading.channel)
        var stats = statistics[key] ?? RollingStatistics(capacity: configuration.statisticsWindow)
        stats.add(reading.value)
        statistics[key] = stats
        var outputs: [Output] = []
        for rule in configuration.rules where rule.applies(to: reading.asset, channel: reading.channel) {
            let ruleKey = RuleKey(asset: reading.asset, rule: rule.name)
            var state = thresholds[ruleKey] ?? ThresholdState()
            let decision = state.evaluate(reading.value, against: rule)
            thresholds[ruleKey] = state
            let transition: AlarmEvent.State
            switch decision {
            case .none: continue
            case .raise: transition = .active
            case .clear: transition = .cleared
            }
            outputs.append(.alarm(AlarmEvent(asset: reading.asset, rule: rule, state: transition, reading: reading,
                                             mean: stats.mean, standardDeviation: stats.standardDeviation)))
        }
        return outputs
    }

    /// Rolling mean and standard deviation of a channel, if it has readings.
    public func statistics(asset: String, channel: String) -> (mean: Double, standardDeviation: Double, count: Int)? {
        statistics[ChannelKey(asset: asset, channel: channel)].map { ($0.mean, $0.standardDeviation, $0.count) }
    }
}
