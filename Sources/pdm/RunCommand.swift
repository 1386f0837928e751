import AlarmStore
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
        guard !configuration.subscriptions.isEmpty else {
            logger.critical("no subscriptions; not starting", metadata: ["file": "\(config)"])
            printError("\(config): subscriptions: pdm run needs at least one (the topics readings arrive on), "
                + "for example [{topic: \"plant/{asset}/{channel}\"}]")
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
            } else {
                database = try AlarmDatabase(path: configuration.databasePath)
            }
        } catch {
            logger.critical("cannot open the alarm database; not starting", metadata: ["error": "\(error)"])
            printError("\(error)")
            throw ExitCode(2)
        }
        let client = MQTTClient(configuration: configuration.mqttClientConfiguration,
                                logger: Logger(label: "pdm.mqtt"))
        let readiness = Readiness()
        let hub = LiveHub()
        let services: PDMServices
        do {
            services = try await PDMServices(configuration: configuration, client: client, models: models, database: database,
                                       configurationPath: config, logger: logger,
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
        } catch {
            logger.critical("cannot read the saved alarm state; not starting", metadata: ["error": "\(error)"])
            printError("\(error)")
            throw ExitCode(2)
        }
        logger.info("starting", metadata: [
            "config": "\(config)", "broker": "\(configuration.broker.host):\(configuration.broker.port)",
            "rules": "\(configuration.rules.count)",
            "models": "\(models.entries.map { "\($0.model.name) v\($0.model.version)" }.joined(separator: ", "))",
        ])
        // The MQTT client starts first and stops last; HTTP starts last and stops first.
        var group: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: client, serviceName: "mqtt")]
        group += services.services
        if configuration.http.enabled {
            if configuration.http.tokens.isEmpty {
                logger.notice("HTTP API is read-only: no tokens configured (http.tokens)")
            }
            group.append(.init(service: APIServer(settings: configuration.http, database: database, readiness: readiness, hub: hub,
                                                  indicators: { services.indicators(of: $0) },
                                                  placement: { configuration.placement(of: $0) },
                                                  ruleChannel: { rule in configuration.rules.first { $0.name == rule }?.channel },
                                                  ticketLink: { configuration.receivers[$0]?.ticketLink($1) },
                                                  kpi: KPISettings(staleAfter: configuration.staleAfter,
                                                                   priorityTargets: configuration.priorityTargets),
                                                  perform: { try await services.commands.perform($0) },
                                                  notificationsChanged: { services.outbox.wake() },
                                                  logger: Logger(label: "pdm.http"),
                                                  metrics: { registry.emitToBuffer() }),
                               serviceName: "http"))
        }
        try await ServiceGroup(configuration: ServiceGroupConfiguration(
            services: group, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        )).run()
        logger.info("stopped")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
