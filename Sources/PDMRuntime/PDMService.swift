import Foundation
import Logging
import MQTTClient
import MQTTCodec
import Metrics
import Notifiers
import PDMConfig
import AlarmEngine
import AlarmStore
import Prognostics
import ServiceLifecycle
import Signals
import Synchronization
import UnixSignals

/// Runs the ingest pipeline on the messages of an ``MQTTClient``, publishes alarm transitions and
/// remaining-useful-life estimates, and reloads the models when their files change.
public final class PDMService: Service, Sendable {
    private let configuration: PDMConfiguration
    private let client: MQTTClient
    private let logger: Logger
    private let initialModels: ModelLibrary
    private let database: AlarmDatabase
    /// The configuration file, reloaded on SIGHUP and when it changes; nil turns reloading off.
    private let configurationPath: String?
    /// Models read by the watcher, waiting to be taken by the ingest loop.
    private let reloadedModels = Mutex<ModelLibrary?>(nil)
    /// The pipeline while `run()` runs, for read-only views such as the latest indicators.
    private let running = Mutex<SharedPipeline?>(nil)
    private let readingsCounter = Counter(label: "pdm_readings_total")
    private let waveformsCounter = Counter(label: "pdm_waveform_blocks_total")
    private let estimatesCounter = Counter(label: "pdm_rul_estimates_total")
    private let alarmsCounter = Counter(label: "pdm_alarms_published_total")
    private let lagGauge = Gauge(label: "pdm_ingest_lag_seconds")
    private let backlogGauge = Gauge(label: "pdm_ingest_backlog")
    private let shedCounter = Counter(label: "pdm_readings_shed_total")

    /// Something to publish, from the ingest loop to the publishing task.
    private enum Publication: Sendable {
        case alarm(AlarmEvent)
        case estimate(RULEstimate, unit: String)
        /// The answer to an MQTT command.
        case reply(topic: String, payload: [UInt8], properties: MQTTProperties)
    }

    /// `<prefix>/commands/`: operator commands over MQTT.
    private var commandPrefix: String { configuration.topicPrefix + "/commands/" }

    /// Told whenever the broker connection comes up or goes down (readiness).
    private let connectionChanged: @Sendable (Bool) -> Void
    /// Told of every alarm event and estimate once published (the console's live feed).
    private let updates: @Sendable (ServiceUpdate) -> Void
    /// Wakes the alarm clock: commands were queued.
    private let wakeSignal: AsyncStream<Void>
    private let waker: AsyncStream<Void>.Continuation

    public init(configuration: PDMConfiguration, client: MQTTClient, models: ModelLibrary, database: AlarmDatabase,
                configurationPath: String? = nil, logger: Logger,
                connectionChanged: @escaping @Sendable (Bool) -> Void = { _ in },
                updates: @escaping @Sendable (ServiceUpdate) -> Void = { _ in }) {
        self.connectionChanged = connectionChanged
        self.updates = updates
        (wakeSignal, waker) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.configurationPath = configurationPath
        self.configuration = configuration
        self.client = client
        self.initialModels = models
        self.database = database
        self.logger = logger
    }

    /// Operator commands were queued (HTTP API): they are taken at once rather than at the next
    /// second.
    public func commandsQueued() {
        waker.yield()
    }

    public func run() async throws {
        let watchingConnection = Task { [client, connectionChanged] in
            for await event in client.events {
                switch event {
                case .connected: connectionChanged(true)
                case .disconnected, .connectFailed: connectionChanged(false)
                case .subscriptionsRestored: break
                }
            }
        }
        defer { watchingConnection.cancel() }
        var subscriptions = configuration.subscriptions.map {
            MQTTSubscription(topicFilter: $0.template.filter, qos: $0.qos)
        }
        switch configuration.commands.mqtt {
        case .trusted, .token: subscriptions.append(MQTTSubscription(topicFilter: commandPrefix + "#", qos: .atLeastOnce))
        case .off: break
        }
        let subscribing = Task { [client, logger] in
            do {
                let codes = try await client.subscribe(subscriptions)
                for (subscription, code) in zip(subscriptions, codes) {
                    if code.isFailure {
                        logger.error("broker refused subscription",
                                     metadata: ["filter": "\(subscription.topicFilter)", "code": "\(code)"])
                    } else {
                        logger.info("subscribed", metadata: ["filter": "\(subscription.topicFilter)",
                                                             "granted": "\(code.rawValue)"])
                    }
                }
            } catch {
                logger.error("subscription failed", metadata: ["error": "\(error)"])
            }
        }
        defer { subscribing.cancel() }

        // Alarms are published from their own task: the ingest loop must never wait for a PUBACK,
        // because while it waits nothing drains the inbound buffer, and a full buffer pauses reading,
        // which would hold the PUBACK back.
        let (publications, queue) = AsyncStream.makeStream(of: Publication.self)
        let publishing = Task {
            for await publication in publications {
                switch publication {
                case .alarm(let event):
                    await publish(event)
                    updates(.alarm(event))
                case .estimate(let estimate, let unit):
                    await publish(estimate, unit: unit)
                    updates(.estimate(estimate, unit: unit))
                case .reply(let topic, let payload, let properties):
                    do {
                        try await client.publish(topic: topic, payload: payload, qos: .atLeastOnce, properties: properties)
                    } catch {
                        logger.error("command answer not published", metadata: ["topic": "\(topic)", "error": "\(error)"])
                    }
                }
            }
        }
        defer { queue.finish() }
        let watching = Task { await watchModels() }
        defer { watching.cancel() }

        // The pipeline is shared by the ingest loop and the alarm clock; each holds it only for a
        // synchronous step.
        let restored = try database.loadAlarms()
        let pipeline = SharedPipeline(IngestPipeline(configuration: configuration, models: initialModels, restoring: restored,
                                                     prognoses: loadPrognoses(), now: Date().timeIntervalSince1970))
        running.withLock { $0 = pipeline }
        defer { running.withLock { $0 = nil } }
        logger.info("alarm state restored", metadata: ["alarms": "\(restored.count)", "database": "\(database.path)"])
        // Notifications: the outbox is delivered by its own task, woken whenever a batch is committed.
        let dispatcher = OutboxDispatcher(database: database, receivers: configuration.receivers, publisher: client,
                                          topicPrefix: configuration.topicPrefix, logger: logger)
        let delivering = Task { await dispatcher.run() }
        defer { delivering.cancel() }
        // QoS 1/2 messages are acknowledged by the journal writer once their effects are committed.
        let journal = AlarmJournalWriter(database: database, logger: logger, committed: { events in
            for event in events { queue.yield(.alarm(event)) }
            dispatcher.wake()
        }, acknowledge: { [client] receipts in client.acknowledge(receipts) })
        let writing = Task { await journal.run() }
        let features = FeatureHistoryRecorder(width: configuration.featureBucket)
        let ticking = Task { [database, logger, configuration, wakeSignal, waker] in
            var wakes = wakeSignal.makeAsyncIterator()
            var lastBeat = 0.0
            var lastFeatures = Date().timeIntervalSince1970
            var lastPrune = 0.0
            var lastPrognoses = Date().timeIntervalSince1970
            while !Task.isCancelled {
                let now = Date().timeIntervalSince1970
                let actions = pipeline.state.withLock { $0.tick(now: now) }
                if !actions.isEmpty { journal.append(actions) }
                if now - lastFeatures >= 5 {
                    lastFeatures = now
                    do {
                        try database.record(features.take())
                        Self.recordGauges(database)
                        if now - lastPrognoses >= Self.prognosisSaveInterval {
                            lastPrognoses = now
                            Self.savePrognoses(pipeline, to: database, now: now, logger: logger)
                        }
                        if now - lastPrune >= 3600 {
                            lastPrune = now
                            try database.pruneFeatures(before: now - configuration.featureRetention)
                        }
                    } catch {
                        logger.error("feature history not written", metadata: ["error": "\(error)"])
                    }
                }
                do {
                    if now - lastBeat >= 1 {
                        lastBeat = now
                        try database.beat(pid: getpid(), now: now)
                    }
                    for queued in try database.pendingCommands() {
                        guard let command = queued.command else {
                            try database.complete(queued.id, status: .refused, result: "unknown command", now: now)
                            continue
                        }
                        _ = try Self.execute(command, id: queued.id, pipeline: pipeline, journal: journal,
                                             database: database, logger: logger, now: now)
                    }
                } catch {
                    logger.error("command queue unavailable", metadata: ["error": "\(error)"])
                }
                let next = pipeline.state.withLock { $0.alarms.nextDeadline } ?? now + 1
                let wait = min(max(next - Date().timeIntervalSince1970, 0.01), 1)
                // Until the next deadline, or until commands are queued.
                let sleeper = Task {
                    guard (try? await Task.sleep(for: .seconds(wait))) != nil else { return }
                    waker.yield()
                }
                let woken: Void? = await wakes.next()
                sleeper.cancel()
                if woken == nil || Task.isCancelled { return }
            }
        }
        defer { ticking.cancel() }
        let reloading = Task { await watchConfiguration(pipeline, dispatcher: dispatcher) }
        defer { reloading.cancel() }

        // The ingest loop runs until graceful shutdown (or cancellation) ends it; its own task is
        // cancelled then, which ends the iteration (cheaper per message than a merged sequence).
        let messages = client.messages
        let ingesting = Task { [self] in
            let overload = OverloadPolicy(configuration.ingest)
            var shed = 0
            var lastShedLog = 0.0
            var rejections = RejectionLog()
            // Receipts of the QoS 1/2 messages handled since the last hand-over to the journal
            // writer, which acknowledges them once everything queued before them is committed.
            var receipts: [MQTTReceipt] = []
            func handOver(_ actions: [AlarmAction]) {
                journal.append(actions, receipts: receipts)
                receipts.removeAll(keepingCapacity: true)
            }
            defer { handOver([]) }
            for await message in messages {
                if let receipt = message.receipt { receipts.append(receipt) }
                if let library = reloadedModels.withLock({ value -> ModelLibrary? in
                    defer { value = nil }
                    return value
                }) {
                    pipeline.state.withLock { $0.replaceModels(library) }
                }
                let now = Date().timeIntervalSince1970
                // Overload: how long the message waited, how many wait behind it; QoS 0 readings
                // that waited too long are shed (QoS 1/2 never: the broker keeps them until taken).
                let lag = max(0, now - message.receivedAt)
                lagGauge.record(lag)
                backlogGauge.record(client.bufferedMessages)
                if !overload.admits(qos: message.qos, lag: lag) {
                    shedCounter.increment()
                    shed += 1
                    if now - lastShedLog >= 10 {
                        logger.warning("overloaded: shedding QoS 0 readings that waited too long",
                                       metadata: ["lag": "\(lag)", "max_lag": "\(overload.settings.maxLag)", "shed": "\(shed)",
                                                  "backlog": "\(client.bufferedMessages)"])
                        lastShedLog = now
                        shed = 0
                    }
                    continue
                }
                if message.topic.hasPrefix(commandPrefix), configuration.commands.mqtt != .off {
                    handleCommand(message, pipeline: pipeline, journal: journal, receipts: receipts, now: now) { queue.yield($0) }
                    receipts.removeAll(keepingCapacity: true)
                    continue
                }
                let outputs = pipeline.state.withLock { $0.handle(topic: message.topic, payload: message.payload, receivedAt: now) }
                // The message's decisions go to the journal writer in one piece, with its receipt
                // behind them: it is acknowledged only once all of them are committed.
                var decided: [AlarmAction] = []
                for output in outputs {
                    switch output {
                    case .reading(let reading):
                        readingsCounter.increment()
                        features.add(reading)
                    case .waveform:
                        waveformsCounter.increment()
                    case .rejected(let error):
                        Counter(label: "pdm_readings_rejected_total", dimensions: [("reason", error.reason)]).increment()
                        if let entry = rejections.record(error, now: now) { log(entry) }
                    case .alarms(let actions):
                        decided += actions
                    case .estimate(let estimate, let unit):
                        estimatesCounter.increment()
                        queue.yield(.estimate(estimate, unit: unit))
                    }
                }
                for entry in rejections.due(now: now) { log(entry) }
                // Receipts of messages without decisions wait for a batch, or for the stream to run dry.
                if !decided.isEmpty || receipts.count >= 256 || (!receipts.isEmpty && client.bufferedMessages == 0) {
                    handOver(decided)
                }
            }
        }
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await ingesting.value
            } onGracefulShutdown: {
                ingesting.cancel()
            }
        } onCancel: {
            ingesting.cancel()
        }
        ticking.cancel()
        try? database.record(features.take(flushing: true))
        Self.savePrognoses(pipeline, to: database, now: Date().timeIntervalSince1970, everyChange: true, logger: logger)
        journal.finish()
        await writing.value
        delivering.cancel()
        dispatcher.finish()
        await delivering.value
        try? database.clearHeartbeat()
        queue.finish()
        await publishing.value
    }

    private func log(_ entry: RejectionLog.Entry) {
        switch entry {
        case .first(let error):
            logger.warning("reading rejected", metadata: ["topic": "\(error.topic)", "reason": "\(error.reason)", "error": "\(error)"])
        case .summary(let latest, let count, let seconds):
            logger.warning("readings rejected", metadata: [
                "topic": "\(latest.topic)", "reason": "\(latest.reason)", "count": "\(count)",
                "seconds": "\((seconds * 10).rounded() / 10)", "latest": "\(latest)",
            ])
        }
    }

    /// Reloads the configuration on SIGHUP and when its file changes. An invalid file keeps the
    /// running configuration, and the log says why.
    private func watchConfiguration(_ pipeline: SharedPipeline, dispatcher: OutboxDispatcher) async {
        guard let path = configurationPath else { return }
        let signals = await UnixSignalsSequence(trapping: .sighup)
        let hangups = Task {
            for await _ in signals { reload(path, pipeline, dispatcher, cause: "SIGHUP") }
        }
        defer { hangups.cancel() }
        var signature = FileSignature(path: path)
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(2)) } catch { return }
            let current = FileSignature(path: path)
            guard current != signature else { continue }
            signature = current
            reload(path, pipeline, dispatcher, cause: "file changed")
        }
    }

    private func reload(_ path: String, _ pipeline: SharedPipeline, _ dispatcher: OutboxDispatcher, cause: String) {
        let next: PDMConfiguration
        do {
            next = try PDMConfiguration.load(path: path)
        } catch {
            Counter(label: "pdm_config_reload_failures_total").increment()
            logger.error("configuration not reloaded: the file is invalid; keeping the running configuration",
                         metadata: ["cause": "\(cause)", "problems": "\(error.issues.map(\.description).joined(separator: "; "))"])
            return
        }
        pipeline.state.withLock { $0.reconfigure(next, now: Date().timeIntervalSince1970) }
        dispatcher.configure(next.receivers)
        Counter(label: "pdm_config_reloads_total").increment()
        if next.broker != configuration.broker || next.topicPrefix != configuration.topicPrefix
            || next.databasePath != configuration.databasePath
            || next.subscriptions.map(\.template.template) != configuration.subscriptions.map(\.template.template) {
            logger.warning("broker, topic, subscription and storage changes take effect at the next start")
        }
        logger.notice("configuration reloaded", metadata: ["cause": "\(cause)", "rules": "\(next.rules.count)"])
    }

    /// Checks the model directory every `prognostics.reload` seconds; a changed set of files is read
    /// and, when every file is valid, handed to the ingest loop. An invalid file keeps the models
    /// in use, and the log says why.
    private func watchModels() async {
        let directory = configuration.prognostics.modelDirectory
        let interval = configuration.prognostics.reloadInterval
        guard interval > 0 else { return }
        var signature = ModelDirectorySignature(directory: directory)
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: .seconds(interval))
            } catch {
                return
            }
            let current = ModelDirectorySignature(directory: directory)
            guard current != signature else { continue }
            signature = current
            do {
                let library = try ModelLibrary.load(directory: directory)
                reloadedModels.withLock { $0 = library }
                Counter(label: "pdm_model_reloads_total").increment()
                logger.notice("models reloaded", metadata: [
                    "directory": "\(directory)",
                    "models": "\(library.entries.map { "\($0.model.name) v\($0.model.version)" }.joined(separator: ", "))",
                ])
            } catch {
                Counter(label: "pdm_model_reload_failures_total").increment()
                logger.error("model files changed but cannot be used; keeping the models in use",
                             metadata: ["error": "\(error)"])
            }
        }
    }

    private func publish(_ estimate: RULEstimate, unit: String) async {
        let topic = "\(configuration.topicPrefix)/assets/\(estimate.asset)/rul"
        do {
            try await client.publish(topic: topic, payload: estimate.jsonPayload(unit: unit), qos: .atLeastOnce, retain: true)
        } catch {
            logger.error("RUL estimate not published", metadata: ["topic": "\(topic)", "error": "\(error)"])
        }
    }

    private func publish(_ event: AlarmEvent) async {
        let prefix = configuration.topicPrefix
        logger.notice("alarm \(event.transition.to.rawValue)", metadata: [
            "asset": "\(event.asset)", "rule": "\(event.rule)", "cause": "\(event.transition.cause.rawValue)",
            "value": "\(event.alarm.value.map { "\($0)" } ?? "-")", "priority": "\(event.alarm.priority.name)",
        ])
        do {
            try await client.publish(topic: event.eventTopic(prefix: prefix), payload: event.jsonPayload(), qos: .atLeastOnce)
            // An empty retained message removes the retained state: nothing is left to show.
            try await client.publish(topic: event.stateTopic(prefix: prefix), payload: event.clearsState ? [] : event.statePayload(),
                                     qos: .atLeastOnce, retain: true)
            alarmsCounter.increment()
        } catch {
            // QoS 1 publications wait across reconnections; this is reached only on shutdown or a refusal.
            logger.error("alarm not delivered", metadata: ["topic": "\(event.eventTopic(prefix: prefix))", "error": "\(error)"])
        }
    }

    /// Alarms by state and priority, outbox depth and dead letters, for /metrics.
    static func recordGauges(_ database: AlarmDatabase) {
        guard let counts = try? database.alarmCounts(), let depth = try? database.pendingNotificationCount(),
              let dead = try? database.count(deadOnly: true) else { return }
        // Every state × priority, zeros included, so a series falls back when its alarms go.
        let priorities = Set(Priority.standard.map(\.name) + counts.map(\.priority))
        for state in AlarmState.allCases {
            for priority in priorities {
                let count = counts.first { $0.state == state.rawValue && $0.priority == priority }?.count ?? 0
                Gauge(label: "pdm_alarms", dimensions: [("state", state.rawValue), ("priority", priority)]).record(count)
            }
        }
        Gauge(label: "pdm_outbox_depth").record(depth)
        Gauge(label: "pdm_notifications_dead").record(dead)
    }

    /// Applies an operator command through the engine and marks it done in the queue in the same
    /// transaction as its consequences. Returns the status and result written.
    /// `receipts` (of the MQTT message that carried the command, and those before it) are
    /// acknowledged once the outcome is committed.
    static func execute(_ command: OperatorCommand, id: Int64, pipeline: SharedPipeline, journal: AlarmJournalWriter,
                        database: AlarmDatabase, logger: Logger, now: Double,
                        receipts: [MQTTReceipt] = []) throws(StoreError) -> (status: CommandStatus, result: String) {
        do {
            let actions = try pipeline.state.withLock { pipeline throws(AlarmCommandError) in
                try pipeline.apply(command, now: now)
            }
            journal.append(actions, completing: id, result: "applied", receipts: receipts)
            logger.notice("operator command applied", metadata: ["command": "\(command)"])
            return (.applied, "applied")
        } catch {
            try database.complete(id, status: .refused, result: "\(error)", now: now)
            journal.append([], receipts: receipts)
            logger.warning("operator command refused", metadata: ["command": "\(command)", "error": "\(error)"])
            return (.refused, "\(error)")
        }
    }

    /// An operator command received over MQTT: queued (so it is audited like any other), applied at
    /// once through the same path as queued commands, and answered on the response topic.
    /// `receipts` are acknowledged once the command's outcome is committed (an invalid command's
    /// at once, behind what was queued before it).
    private func handleCommand(_ message: MQTTMessage, pipeline: SharedPipeline, journal: AlarmJournalWriter,
                               receipts: [MQTTReceipt], now: Double, publish: (Publication) -> Void) {
        let action = String(message.topic.dropFirst(commandPrefix.count))
        let responseTopic = message.properties.responseTopic
        var properties = MQTTProperties()
        if let correlation = message.properties.correlationData { properties.append(.correlationData(correlation)) }
        let inbound: InboundCommand
        do {
            let tokens: [String: HTTPSettings.Grant]?
            switch configuration.commands.mqtt {
            case .token: tokens = configuration.http.tokens
            case .trusted, .off: tokens = nil
            }
            inbound = try InboundCommand.parse(action: action, payload: message.payload, responseTopic: responseTopic, now: now,
                                               tokens: tokens)
        } catch {
            journal.append([], receipts: receipts)
            Counter(label: "pdm_mqtt_commands_total", dimensions: [("status", error.status.rawValue)]).increment()
            logger.warning("MQTT command refused", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
            let replyTo = responseTopic ?? ((try? JSONSerialization.jsonObject(with: Data(message.payload))) as? [String: Any])?["reply_to"] as? String
            if let replyTo {
                publish(.reply(topic: replyTo, payload: InboundCommand.reply(status: error.status, result: "\(error)", commandID: nil,
                                                                              correlationID: nil), properties: properties))
            }
            return
        }
        var status = CommandStatus.failed, result = "", commandID: Int64?
        do {
            let id = try database.enqueue(inbound.command, now: now)
            commandID = id
            (status, result) = try Self.execute(inbound.command, id: id, pipeline: pipeline, journal: journal,
                                                database: database, logger: logger, now: now, receipts: receipts)
        } catch {
            // Not queued: left unacknowledged, so the broker delivers it again after a reconnection.
            result = "\(error)"
            logger.error("MQTT command not applied", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
        }
        Counter(label: "pdm_mqtt_commands_total", dimensions: [("status", status.rawValue)]).increment()
        if let replyTo = inbound.replyTo {
            publish(.reply(topic: replyTo, payload: InboundCommand.reply(status: status, result: result, commandID: commandID,
                                                                          correlationID: inbound.correlationID),
                           properties: properties))
        }
    }
}

/// The ingest pipeline shared by the tasks of the service (ingest loop, alarm clock, reloads);
/// each holds the lock for one synchronous step.
extension PDMService {
    /// Seconds between saves of the prognoses that changed (and at shutdown): a crash loses at most
    /// this much of each asset's prognosis, never its fitted degradation.
    static let prognosisSaveInterval = 30.0

    /// The saved prognoses, by asset; unreadable ones are logged and left out.
    func loadPrognoses() -> [String: AssetPrognoser.Snapshot] {
        let records: [AlarmDatabase.PrognosisRecord]
        do {
            records = try database.prognoses()
        } catch {
            logger.error("saved prognoses not read; estimates start afresh", metadata: ["error": "\(error)"])
            return [:]
        }
        var snapshots: [String: AssetPrognoser.Snapshot] = [:]
        for record in records {
            do {
                snapshots[record.asset] = try AssetPrognoser.Snapshot.decode(record.state)
            } catch {
                logger.warning("saved prognosis unreadable; the asset's estimates start afresh",
                               metadata: ["asset": "\(record.asset)", "model": "\(record.model)", "error": "\(error)"])
            }
        }
        if !records.isEmpty { logger.info("prognoses restored", metadata: ["assets": "\(snapshots.count)"]) }
        return snapshots
    }

    /// Saves the prognoses that closed a step since their last save (`everyChange`: that took any
    /// reading), a bounded batch per transaction.
    static func savePrognoses(_ pipeline: SharedPipeline, to database: AlarmDatabase, now: Double,
                              everyChange: Bool = false, logger: Logger) {
        let snapshots = pipeline.state.withLock { $0.prognosisSnapshots(everyChange: everyChange) }
        var start = 0
        while start < snapshots.count {
            let batch = snapshots[start..<min(start + 500, snapshots.count)]
            start = batch.endIndex
            let records = batch.compactMap { asset, snapshot -> AlarmDatabase.PrognosisRecord? in
                guard let state = try? snapshot.encoded() else { return nil }
                return .init(asset: asset, model: snapshot.model, modelVersion: snapshot.modelVersion, state: state, savedAt: now)
            }
            do {
                try database.save(records)
            } catch {
                logger.error("prognoses not saved", metadata: ["error": "\(error)", "assets": "\(records.count)"])
            }
        }
    }

    /// The latest streaming features of each channel of `asset` (of every asset when `nil`), by
    /// asset and channel; empty while the service is not running.
    public func indicators(of asset: String? = nil) -> [String: [String: ChannelFeatures]] {
        guard let pipeline = running.withLock({ $0 }) else { return [:] }
        return pipeline.state.withLock { $0.indicators(of: asset) }
    }
}

final class SharedPipeline: Sendable {
    let state: Mutex<IngestPipeline>

    init(_ pipeline: IngestPipeline) {
        state = Mutex(pipeline)
    }
}
