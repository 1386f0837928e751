import AlarmEngine
import MQTTCodec

/// Everything `pdm run` reads from alarms.yaml.
public struct PDMConfiguration: Sendable {
    public var broker: BrokerSettings
    /// Prefix of every topic pdm publishes (`<prefix>/alarms/<asset>/<rule>`).
    public var topicPrefix: String
    public var subscriptions: [SubscriptionSettings]
    /// Number of recent readings the rolling mean and standard deviation cover, per channel.
    public var statisticsWindow: Int
    /// Rules, escalation policies, shelving, chattering and flood settings of the alarm engine.
    public var alarms: AlarmSettings
    /// Named receivers of notifications.
    public var receivers: [String: ReceiverSettings]
    public var prognostics: PrognosticsSettings
    /// The HTTP API.
    public var http = HTTPSettings()
    /// Overload: lag limit and shedding.
    public var ingest = IngestSettings()
    public var commands = CommandSettings()
    /// Path of the SQLite file with alarm state, journal, outbox and feature history.
    public var databasePath: String = "pdm.sqlite"
    /// Target share of alarms per priority for the KPIs (EEMUA 191's guidance by default).
    public var priorityTargets: [String: Double] = ["low": 0.80, "medium": 0.15, "high": 0.05]
    /// Seconds after which an active alarm counts as stale in the KPIs.
    public var staleAfter: Double = 86_400
    /// Width (seconds) of the feature history's time buckets.
    public var featureBucket: Double = 60
    /// Seconds the feature history is kept.
    public var featureRetention: Double = 90 * 86_400
    /// Streaming-statistics settings beyond the window.
    public var statistics: StatisticsSettings
    public var assetClasses: [String: AssetClassSettings]
    /// Class of each asset, first match wins.
    public var assets: [AssetSettings]

    public init(broker: BrokerSettings, topicPrefix: String, subscriptions: [SubscriptionSettings],
                statisticsWindow: Int, alarms: AlarmSettings = AlarmSettings(rules: []),
                receivers: [String: ReceiverSettings] = [:], prognostics: PrognosticsSettings = .init(),
                statistics: StatisticsSettings = .init(), assetClasses: [String: AssetClassSettings] = [:],
                assets: [AssetSettings] = []) {
        self.statistics = statistics
        self.assetClasses = assetClasses
        self.assets = assets
        self.prognostics = prognostics
        self.broker = broker
        self.topicPrefix = topicPrefix
        self.subscriptions = subscriptions
        self.statisticsWindow = statisticsWindow
        self.alarms = alarms
        self.receivers = receivers
    }
}

extension PDMConfiguration {
    /// The alarm rules.
    public var rules: [AlarmRule] { alarms.rules }
}

/// How to reach the broker.
public struct BrokerSettings: Sendable, Hashable {
    public var host: String = "127.0.0.1"
    public var port: Int = 1883
    public var version: MQTTProtocolVersion = .v5
    public var clientIdentifier: String = "pdm"
    public var username: String?
    public var password: String?
    public var keepAlive: Int = 30
    public var cleanStart: Bool = false
    public var sessionExpiry: UInt32 = 86_400
    public var tls: TLSSettings?

    public init() {}
}

/// TLS files for the broker connection (PEM).
public struct TLSSettings: Sendable, Hashable {
    public var caFile: String?
    public var certificateFile: String?
    public var keyFile: String?
    public var serverName: String?
    public var verify: Bool = true

    public init() {}
}

/// One subscribed topic template, e.g. `plant/{site}/{asset}/{channel}`.
public struct SubscriptionSettings: Sendable {
    public var template: TopicTemplate
    public var qos: MQTTQoS
    /// Channel name for `{"value": …}` readings on a template without `{channel}`.
    public var channel: String?

    public init(template: TopicTemplate, qos: MQTTQoS, channel: String? = nil) {
        self.template = template
        self.qos = qos
        self.channel = channel
    }
}

/// How readings are screened and summarised (`statistics:` in alarms.yaml).
public struct StatisticsSettings: Sendable, Hashable {
    /// Seconds a reading may arrive behind the newest of its channel and still count.
    public var lateAfter: Double = 60
    /// Half-life of the exponentially weighted statistics, in readings.
    public var halfLife: Double = 30
    /// Readings from which a channel's healthy baseline is learned when no model gives one.
    public var baselineReadings: Int = 100
    /// Start-up readings skipped before the baseline is learned; nil is a tenth of `baselineReadings`.
    public var baselineSkip: Int?
    /// Average readings between false alarms of an anomaly rule on a healthy channel, per direction.
    public var falseAlarmRunLength: Double = 100_000
    /// Half-life (readings) with which a baseline follows slow healthy drift; nil is four times
    /// `baselineReadings`, 0 keeps baselines fixed.
    public var driftHalfLife: Double?
    /// Plausible range per channel: readings outside are rejected as out of range.
    public var ranges: [String: ClosedRange<Double>] = [:]

    public init() {}
}
