import AlarmEngine
import AlarmStore
import Foundation
import ArgumentParser
import Logging
import MQTTClient
import PDMConfig
import PDMHTTP
import Metrics
import Prometheus
import PDMRuntime
import PostgresStore
import ServiceLifecycle
import Signals
import Synchronization

/// `pdm run`: the service.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Subscribe to the sensor topics, keep statistics and publish alarms.",
        discussion: """
            Runs until SIGTERM or SIGINT, then disconnects cleanly.

            Examples:
              pdm run --config alarms.yaml
              PDM_MQTT_HOST=broker.plant.local PDM_MQTT_PASSWORD=… pdm run --config /etc/pdm/alarms.yaml
            """
    )

    @Option(name: .shortAndLong, help: "Configuration file.")
    var config: String = "alarms.yaml"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        // Counters and gauges of every part go to one Prometheus registry, served at /metrics.
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "pdm")
        let configuration: PDMConfiguration
        do {
            configuration = try PDMConfiguration.load(path: config)
        } catch {
            logger.critical("invalid configuration; not starting", metadata: ["file": "\(config)"])
            printError("\(error)")
            throw ExitCode(2)
        }
        guard !configuration.subscriptions.isEmpty || configuration.sparkplug != nil else {
            logger.critical("no subscriptions; not starting", metadata: ["file": "\(config)"])
            printError("\(config): subscriptions: pdm run needs at least one (the topics readings arrive on), "
                + "for example [{topic: \"plant/{asset}/{channel}\"}], or a sparkplug: section")
            throw ExitCode(2)
        }
        let models: ModelLibrary
        do {
            models = try ModelLibrary.load(directory: configuration.prognostics.modelDirectory)
        } catch {
            logger.critical("invalid model file; not starting", metadata: ["error": "\(error)"])
            printError("\(error)")
            throw ExitCode(2)
        }
        let database: any StateStore
        var postgres: PostgresStore?
        // The PostgreSQL pool runs beside the service group and stops after it: every service
        // has written what it holds by then.
        var pool: Task<Void, any Error>?
        defer { pool?.cancel() }
        do {
            if let url = configuration.postgresURL {
                let store = PostgresStore(endpoint: try PostgresEndpoint(url: url), logger: Logger(label: "pdm.postgres"))
                pool = Task { try await store.run() }
                let applied = try await store.migrate()
                if !applied.isEmpty { logger.notice("database schema brought up to date", metadata: ["migrations": "\(applied)"]) }
                database = store
                postgres = store
            } else {
                database = try AlarmDatabase(path: configuration.databasePath, syncEveryCommit: configuration.durability == .power)
            }
        } catch {
            logger.critical("cannot open the alarm database; not starting", metadata: ["error": "\(error)"])
            printError("\(error)")
            throw ExitCode(2)
        }
        let readiness = Readiness()
        let hub = LiveHub()
        logger.info("starting", metadata: [
            "config": "\(config)", "broker": "\(configuration.broker.host):\(configuration.broker.port)",
            "rules": "\(configuration.rules.count)",
            "models": "\(models.entries.map { "\($0.model.name) v\($0.model.version)" }.joined(separator: ", "))",
        ])
        let group: [ServiceGroupConfiguration.ServiceConfiguration]
        if let cluster = configuration.cluster, let postgres {
            group = clusterMember(cluster, configuration: configuration, models: models, store: postgres, readiness: readiness,
                                  hub: hub, registry: registry, logger: logger)
        } else {
            let client = MQTTClient(configuration: configuration.mqttClientConfiguration, logger: Logger(label: "pdm.mqtt"))
            let services: PDMServices
            do {
                services = try await Self.services(configuration: configuration, client: client, models: models, database: database,
                                                   configurationPath: config, readiness: readiness, hub: hub, logger: logger)
            } catch {
                logger.critical("cannot read the saved alarm state; not starting", metadata: ["error": "\(error)"])
                printError("\(error)")
                throw ExitCode(2)
            }
            // The MQTT client starts first and stops last; HTTP starts last and stops first.
            group = [.init(service: client, serviceName: "mqtt")] + services.services
                + apiServer(configuration: configuration, database: database, readiness: readiness, hub: hub, registry: registry,
                            indicators: { services.indicators(of: $0) }, perform: { try await services.commands.perform($0) },
                            notificationsChanged: { services.outbox.wake() }, logger: logger)
        }
        try await ServiceGroup(configuration: ServiceGroupConfiguration(
            services: group, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        )).run()
        logger.info("stopped")
    }

    /// The services of one shard's member: the leader election, whose every term runs the MQTT
    /// client (with the shard's client id and persistent session) and the services of a single
    /// instance on the fenced store; and, on leader and standby alike, the plant's gauges and
    /// the HTTP API over the shared store, whose commands go through the queue to the leader of
    /// the alarm's shard.
    func clusterMember(_ cluster: ClusterSettings, configuration: PDMConfiguration, models: ModelLibrary, store: PostgresStore,
                       readiness: Readiness, hub: LiveHub, registry: PrometheusCollectorRegistry,
                       logger: Logger) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let mqtt = {
            var shared = configuration.mqttClientConfiguration
            shared.clientIdentifier = cluster.clientIdentifier(base: configuration.broker.clientIdentifier)
            return shared
        }()
        let holder = cluster.instance ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())"
        let current = CurrentTerm()
        let configurationPath = config
        let election = LeaderElection(
            store: store, shard: cluster.shard, holder: holder, lease: .milliseconds(Int64(cluster.lease * 1000)),
            logger: Logger(label: "pdm.cluster"),
            roleChanged: { role in
                switch role {
                case .standby: readiness.setRole(.standby, shard: cluster.shard)
                case .leader(let lease): readiness.setRole(.leader, shard: cluster.shard, term: lease.epoch)
                }
            },
            term: { fenced in
                let client = MQTTClient(configuration: mqtt, logger: Logger(label: "pdm.mqtt"))
                let services = try await Self.services(configuration: configuration, client: client, models: models,
                                                       database: fenced, configurationPath: configurationPath,
                                                       readiness: readiness, hub: hub, logger: logger)
                current.services.withLock { $0 = services }
                defer { current.services.withLock { $0 = nil } }
                let group = ServiceGroup(configuration: ServiceGroupConfiguration(
                    services: [.init(service: client, serviceName: "mqtt")] + services.services, logger: logger))
                try await withGracefulShutdownHandler {
                    try await group.run()
                } onGracefulShutdown: {
                    Task { await group.triggerGracefulShutdown() }
                }
            })
        let commands = QueuedCommands(database: store)
        return [.init(service: election, serviceName: "leadership"), .init(service: GaugeService(database: store), serviceName: "gauges")]
            + apiServer(configuration: configuration, database: store, readiness: readiness, hub: hub, registry: registry,
                        indicators: { asset in current.services.withLock { $0 }?.indicators(of: asset) ?? [:] },
                        perform: { try await commands.perform($0) },
                        notificationsChanged: { current.services.withLock { $0 }?.outbox.wake() }, logger: logger)
    }

    /// The services of a single instance (or of a shard's leader) around `client` and `database`.
    static func services(configuration: PDMConfiguration, client: MQTTClient, models: ModelLibrary, database: any StateStore,
                         configurationPath: String, readiness: Readiness, hub: LiveHub,
                         logger: Logger) async throws(StoreError) -> PDMServices {
        try await PDMServices(configuration: configuration, client: client, models: models, database: database,
                              configurationPath: configurationPath, logger: logger,
                              connectionChanged: { readiness.setBrokerConnected($0) },
                              updates: { update in
                                  switch update {
                                  case .alarm(let event): hub.alarm(event.jsonPayload())
                                  case .estimate(let estimate, let unit):
                                      hub.estimate(asset: estimate.asset,
                                                   point: .init(time: estimate.time, rul: estimate.rul, lower: estimate.lower,
                                                                upper: estimate.upper, hi: estimate.healthIndicator, unit: unit,
                                                                threshold: estimate.threshold.isFinite ? estimate.threshold : nil,
                                                                beyondHorizon: estimate.beyondHorizon),
                                                   payload: estimate.jsonPayload(unit: unit))
                                  }
                              })
    }

    /// The HTTP API, when enabled: reads from `database`, commands through `perform`.
    func apiServer(configuration: PDMConfiguration, database: any StateStore, readiness: Readiness, hub: LiveHub,
                   registry: PrometheusCollectorRegistry,
                   indicators: @escaping @Sendable (String?) -> [String: [String: ChannelFeatures]],
                   perform: @escaping @Sendable (OperatorCommand) async throws -> CommandOutcome,
                   notificationsChanged: @escaping @Sendable () -> Void,
                   logger: Logger) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard configuration.http.enabled else { return [] }
        if configuration.http.tokens.isEmpty {
            logger.notice("HTTP API is read-only: no tokens configured (http.tokens)")
        }
        return [.init(service: APIServer(settings: configuration.http, database: database, readiness: readiness, hub: hub,
                                         indicators: indicators,
                                         placement: { configuration.placement(of: $0) },
                                         ruleChannel: { rule in configuration.rules.first { $0.name == rule }?.channel },
                                         ticketLink: { configuration.receivers[$0]?.ticketLink($1) },
                                         kpi: KPISettings(staleAfter: configuration.staleAfter,
                                                          priorityTargets: configuration.priorityTargets),
                                         perform: perform, notificationsChanged: notificationsChanged,
                                         logger: Logger(label: "pdm.http"),
                                         metrics: { registry.emitToBuffer() }),
                      serviceName: "http")]
    }
}

/// The services of this instance's current term as its shard's leader, for the HTTP API.
final class CurrentTerm: Sendable {
    let services = Mutex<PDMServices?>(nil)
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
