import AlarmStore
import Foundation
import Logging
import MQTTClient
import Notifiers
import PDMConfig
import Prognostics
import ServiceLifecycle
import Signals

/// The named services of `pdm run` around one MQTT client and one alarm database, built from the
/// configuration, the models and the saved state.
///
/// Data flows one way: the ingest service turns messages into decisions; the journal writer commits
/// them (acknowledging the messages behind them); the publisher and the outbox dispatcher send what
/// was committed. Commands from HTTP, MQTT and the database queue all pass through the command
/// service; the alarm clock moves the engine along with time.
package struct PDMServices: Sendable {
    package let ingest: IngestService
    package let alarmClock: AlarmClockService
    package let commands: CommandService
    package let housekeeping: HousekeepingService
    package let configurationWatcher: ConfigurationWatcher
    package let modelWatcher: ModelWatcher
    package let connectionWatcher: ConnectionWatcher
    package let publisher: PublisherService
    package let outbox: OutboxDispatcher
    /// pdm's own Sparkplug B edge node, when `sparkplug.publish` is set.
    package let sparkplugEdge: SparkplugEdgeService?
    let journal: AlarmJournalWriter
    let pipeline: SharedPipeline

    /// Restores the alarms and prognoses saved in `database`.
    /// - Parameters:
    ///   - configurationPath: the file reloaded on SIGHUP and when it changes; nil turns reloading off.
    ///   - connectionChanged: told whenever the broker connection comes up or goes down (readiness).
    ///   - updates: told of every alarm event and estimate once published (the console's live feed).
    package init(configuration: PDMConfiguration, client: MQTTClient, models: ModelLibrary, database: any StateStore,
                configurationPath: String? = nil, logger: Logger,
                connectionChanged: @escaping @Sendable (Bool) -> Void = { _ in },
                updates: @escaping @Sendable (ServiceUpdate) -> Void = { _ in }) async throws(StoreError) {
        let now: @Sendable () -> Double = { Date().timeIntervalSince1970 }
        let restored = try await database.perform(.loadAlarms(shard: database.shard))
        let prognoses = await SharedPipeline.savedPrognoses(in: database, logger: logger)
        pipeline = SharedPipeline(IngestPipeline(configuration: configuration, models: models, restoring: restored,
                                                 prognoses: prognoses, now: now(), featureBucket: configuration.featureBucket))
        logger.info("alarm state restored", metadata: ["alarms": "\(restored.count)", "database": "\(database.location)"])
        let sparkplugEdge = configuration.sparkplug?.publish.map { SparkplugEdgeService(settings: $0, client: client, logger: logger) }
        self.sparkplugEdge = sparkplugEdge
        publisher = PublisherService(client: client, topicPrefix: configuration.topicPrefix, logger: logger, updates: { update in
            sparkplugEdge?.take(update)
            updates(update)
        })
        let outbox = OutboxDispatcher(database: database, receivers: configuration.receivers, publisher: client,
                                      topicPrefix: configuration.topicPrefix, logger: logger)
        self.outbox = outbox
        journal = AlarmJournalWriter(database: database, logger: logger, committed: { [publisher] events in
            for event in events { publisher.enqueue(.alarm(event)) }
        }, notificationsQueued: { outbox.wake() }, acknowledge: { [client] receipts in client.acknowledge(receipts) })
        commands = CommandService(configuration: configuration, database: database, pipeline: pipeline, journal: journal,
                                  publisher: publisher, logger: logger)
        ingest = IngestService(configuration: configuration, client: client, pipeline: pipeline, journal: journal,
                               commands: commands, publisher: publisher, sparkplugEdge: sparkplugEdge, logger: logger)
        alarmClock = AlarmClockService(pipeline: pipeline, journal: journal, now: now)
        housekeeping = HousekeepingService(database: database, pipeline: pipeline,
                                           featureRetention: configuration.featureRetention, logger: logger, now: now)
        configurationWatcher = ConfigurationWatcher(path: configurationPath, running: configuration, pipeline: pipeline,
                                                    dispatcher: outbox, logger: logger)
        modelWatcher = ModelWatcher(settings: configuration.prognostics, pipeline: pipeline, logger: logger)
        connectionWatcher = ConnectionWatcher(client: client, changed: { up in
            sparkplugEdge?.connectionChanged(up)
            connectionChanged(up)
        })
    }

    /// The services in start order; a graceful shutdown stops them in reverse, each once the one
    /// after it has finished. So ingest stops taking messages first; then the watchers, commands
    /// and the alarm clock stop deciding; housekeeping writes the open feature buckets and the
    /// prognoses; the journal writer commits the last decisions (acknowledging their messages);
    /// the outbox dispatcher and the publisher send what was committed; the MQTT client, first in
    /// the list, disconnects last.
    package var services: [ServiceGroupConfiguration.ServiceConfiguration] {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: publisher, serviceName: "publisher")]
        if let sparkplugEdge { services.append(.init(service: sparkplugEdge, serviceName: "sparkplug-edge")) }
        return services + [
            .init(service: outbox, serviceName: "outbox"),
            .init(service: journal, serviceName: "journal"),
            .init(service: housekeeping, serviceName: "housekeeping"),
            .init(service: alarmClock, serviceName: "alarm-clock"),
            .init(service: commands, serviceName: "commands"),
            .init(service: configurationWatcher, serviceName: "configuration-watcher"),
            .init(service: modelWatcher, serviceName: "model-watcher"),
            .init(service: connectionWatcher, serviceName: "connection-watcher"),
            // When the client's message stream ends, the whole group shuts down gracefully.
            .init(service: ingest, successTerminationBehavior: .gracefullyShutdownGroup, serviceName: "ingest"),
        ]
    }

    /// The latest streaming features of each channel of `asset` (of every asset when `nil`), by
    /// asset and channel.
    package func indicators(of asset: String? = nil) -> [String: [String: ChannelFeatures]] {
        pipeline.state.withLock { $0.indicators(of: asset) }
    }
}
