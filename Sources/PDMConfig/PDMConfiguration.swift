import AlarmEngine
import MQTTCodec

/// Everything `pdm run` reads from alarms.yaml.
package struct PDMConfiguration: Sendable {
    package var broker: BrokerSettings
    /// Prefix of every topic pdm publishes (`<prefix>/alarms/<asset>/<rule>`).
    package var topicPrefix: String
    package var subscriptions: [SubscriptionSettings]
    /// `sparkplug:`: the Sparkplug B edge nodes read as a host application; nil when none.
    package var sparkplug: SparkplugSettings?
    /// Number of recent readings the rolling mean and standard deviation cover, per channel.
    package var statisticsWindow: Int
    /// Rules, escalation policies, shelving, chattering and flood settings of the alarm engine.
    package var alarms: AlarmSettings
    /// Named receivers of notifications.
    package var receivers: [String: ReceiverSettings]
    package var prognostics: PrognosticsSettings
    /// The HTTP API.
    package var http = HTTPSettings()
    /// Overload: lag limit and shedding.
    package var ingest = IngestSettings()
    package var commands = CommandSettings()
    /// Path of the SQLite file with alarm state, journal, outbox and feature history.
    package var databasePath: String = "pdm.sqlite"
    /// `storage.durability`: what a commit of the SQLite file survives.
    package var durability: StorageDurability = .process
    /// `storage.postgres.url`: the PostgreSQL database that holds the state instead of the SQLite
    /// file (`postgres://user:${PASSWORD}@host:port/database?sslmode=…`); nil for the file.
    package var postgresURL: String?
    /// `cluster:`: this instance's shard among several sharing the PostgreSQL store; nil for a
    /// single instance.
    package var cluster: ClusterSettings?
    /// Target share of alarms per priority for the KPIs (EEMUA 191's guidance by default).
    package var priorityTargets: [String: Double] = ["low": 0.80, "medium": 0.15, "high": 0.05]
    /// Seconds after which an active alarm counts as stale in the KPIs.
    package var staleAfter: Double = 86_400
    /// Width (seconds) of the feature history's time buckets.
    package var featureBucket: Double = 60
    /// Seconds the feature history is kept.
    package var featureRetention: Double = 90 * 86_400
    /// Streaming-statistics settings beyond the window.
    package var statistics: StatisticsSettings
    package var assetClasses: [String: AssetClassSettings]
    /// Class of each asset, first match wins.
    package var assets: [AssetSettings]

    package init(broker: BrokerSettings, topicPrefix: String, subscriptions: [SubscriptionSettings],
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
    package var rules: [AlarmRule] { alarms.rules }
}

/// How to reach the broker.
package struct BrokerSettings: Sendable, Hashable {
    package var host: String = "127.0.0.1"
    package var port: Int = 1883
    package var version: MQTTProtocolVersion = .v5
    package var clientIdentifier: String = "pdm"
    package var username: String?
    package var password: String?
    package var keepAlive: Int = 30
    package var cleanStart: Bool = false
    package var sessionExpiry: UInt32 = 86_400
    package var tls: TLSSettings?
    /// `transport: websocket`: the HTTP path of the broker's WebSocket endpoint (`path`, default
    /// `/mqtt`; `wss` with `tls`); nil for plain MQTT over TCP.
    package var webSocketPath: String?

    package init() {}
}

/// TLS files for the broker connection (PEM).
package struct TLSSettings: Sendable, Hashable {
    package var caFile: String?
    package var certificateFile: String?
    package var keyFile: String?
    package var serverName: String?
    package var verify: Bool = true

    package init() {}
}

/// One subscribed topic template, e.g. `plant/{site}/{asset}/{channel}`.
package struct SubscriptionSettings: Sendable {
    package var template: TopicTemplate
    package var qos: MQTTQoS
    /// Channel name for `{"value": …}` readings on a template without `{channel}`.
    package var channel: String?

    package init(template: TopicTemplate, qos: MQTTQoS, channel: String? = nil) {
        self.template = template
        self.qos = qos
        self.channel = channel
    }
}

/// How readings are screened and summarised (`statistics:` in alarms.yaml).
package struct StatisticsSettings: Sendable, Hashable {
    /// Seconds a reading may arrive behind the newest of its channel and still count.
    package var lateAfter: Double = 60
    /// Half-life of the exponentially weighted statistics, in readings.
    package var halfLife: Double = 30
    /// Readings from which a channel's healthy baseline is learned when no model gives one.
    package var baselineReadings: Int = 100
    /// Start-up readings skipped before the baseline is learned; nil is a tenth of `baselineReadings`.
    package var baselineSkip: Int?
    /// Average readings between false alarms of an anomaly rule on a healthy channel, per direction.
    package var falseAlarmRunLength: Double = 100_000
    /// Half-life (readings) with which a baseline follows slow healthy drift; nil is four times
    /// `baselineReadings`, 0 keeps baselines fixed.
    package var driftHalfLife: Double?
    /// Plausible range per channel: readings outside are rejected as out of range.
    package var ranges: [String: ClosedRange<Double>] = [:]

    package init() {}
}
