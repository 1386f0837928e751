import AlarmEngine
import Foundation
import Logging
import MQTTClient
import MQTTCodec
import Metrics
import PDMConfig
import ServiceLifecycle
import Sparkplug

/// Subscribes to the reading topics (and the command topics when commands are on), and runs every
/// message through the ingest pipeline: readings and waveform blocks become features, alarm
/// decisions and remaining-life estimates. Decisions go to the journal writer with the receipts of
/// the messages behind them, so a QoS 1/2 message is acknowledged only once its effects are
/// committed. Command messages go to the ``CommandService``. Under overload, QoS 0 readings that
/// waited too long are shed.
///
/// It ends at graceful shutdown, or when the client's message stream ends.
package final class IngestService: Service, Sendable {
    private let configuration: PDMConfiguration
    private let client: MQTTClient
    private let pipeline: SharedPipeline
    private let journal: AlarmJournalWriter
    private let commands: CommandService
    private let publisher: PublisherService
    private let sparkplugEdge: SparkplugEdgeService?
    private let logger: Logger
    private let readingsCounter = Counter(label: "pdm_readings_total")
    private let waveformsCounter = Counter(label: "pdm_waveform_blocks_total")
    private let estimatesCounter = Counter(label: "pdm_rul_estimates_total")
    private let lagGauge = Gauge(label: "pdm_ingest_lag_seconds")
    private let backlogGauge = Gauge(label: "pdm_ingest_backlog")
    private let shedCounter = Counter(label: "pdm_readings_shed_total")
    private let rebirthCounter = Counter(label: "pdm_sparkplug_rebirth_requests_total")

    init(configuration: PDMConfiguration, client: MQTTClient, pipeline: SharedPipeline, journal: AlarmJournalWriter,
         commands: CommandService, publisher: PublisherService, sparkplugEdge: SparkplugEdgeService? = nil, logger: Logger) {
        self.sparkplugEdge = sparkplugEdge
        self.configuration = configuration
        self.client = client
        self.pipeline = pipeline
        self.journal = journal
        self.commands = commands
        self.publisher = publisher
        self.logger = logger
    }

    package func run() async {
        let subscribing = Task { await subscribe() }
        defer { subscribing.cancel() }
        // Graceful shutdown cancels the loop's task, which ends the iteration (cheaper per message
        // than a merged sequence).
        // The loop runs on the client's event loop: each batch is handled on the thread that read
        // it, with no wake-up of another thread per batch.
        let ingesting = Task { await client.onEventLoop { await self.ingest() } }
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await ingesting.value
            } onGracefulShutdown: {
                ingesting.cancel()
            }
        } onCancel: {
            ingesting.cancel()
        }
    }

    /// The reading subscriptions, and the command topics when commands over MQTT are on.
    private var subscriptions: [MQTTSubscription] {
        var subscriptions = configuration.subscriptions.map { MQTTSubscription(topicFilter: $0.template.filter, qos: $0.qos) }
        if let sparkplugEdge {
            subscriptions.append(MQTTSubscription(topicFilter: sparkplugEdge.commandTopic, qos: .atMostOnce))
        }
        if let sparkplug = configuration.sparkplug {
            for group in sparkplug.groups {
                subscriptions.append(MQTTSubscription(topicFilter: SparkplugTopic.filter(group: group, node: sparkplug.edgeNode),
                                                      qos: sparkplug.qos))
            }
        }
        switch configuration.commands.mqtt {
        case .trusted, .token: subscriptions.append(MQTTSubscription(topicFilter: commands.topicPrefix + "#", qos: .atLeastOnce))
        case .off: break
        }
        return subscriptions
    }

    private func subscribe() async {
        let subscriptions = subscriptions
        do {
            let codes = try await client.subscribe(subscriptions)
            for (subscription, code) in zip(subscriptions, codes) {
                if code.isFailure {
                    logger.error("broker refused subscription", metadata: ["filter": "\(subscription.topicFilter)", "code": "\(code)"])
                } else {
                    logger.info("subscribed", metadata: ["filter": "\(subscription.topicFilter)", "granted": "\(code.rawValue)"])
                }
            }
        } catch {
            logger.error("subscription failed", metadata: ["error": "\(error)"])
        }
    }

    private func ingest() async {
        let overload = OverloadPolicy(configuration.ingest)
        let commandPrefix = commands.topicPrefix
        let commandsOn = configuration.commands.mqtt != .off
        var shed = 0
        var lastShedLog = 0.0
        var rejections = RejectionLog()
        // Receipts of the QoS 1/2 messages handled since the last hand-over to the journal writer,
        // which acknowledges them once everything queued before them is committed.
        var receipts: [MQTTReceipt] = []
        func handOver(_ actions: [AlarmAction]) {
            journal.append(actions, receipts: receipts)
            receipts.removeAll(keepingCapacity: true)
        }
        defer { handOver([]) }
        // A read's messages at a time: one call into the stream per batch, not per message.
        for await batch in client.messages.batches {
            for message in batch {
                let now = Date().timeIntervalSince1970
                // Overload: how long the message waited, how many wait behind it; QoS 0 readings that
                // waited too long are shed (QoS 1/2 never: the broker keeps them until taken).
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
                if commandsOn, message.topic.hasPrefix(commandPrefix) {
                    if await commands.take(message, receipts: receipts + (message.receipt.map { [$0] } ?? [])) {
                        receipts.removeAll(keepingCapacity: true)
                    } else {
                        handOver([])  // the command's own message stays unacknowledged
                    }
                    continue
                }
                if let sparkplugEdge, message.topic == sparkplugEdge.commandTopic {
                    sparkplugEdge.command(message.payload)
                    continue
                }
                if let receipt = message.receipt { receipts.append(receipt) }
                let outputs = pipeline.state.withLock { $0.handle(topic: message.topic, payload: message.payload, receivedAt: now) }
                // The message's decisions go to the journal writer in one piece, with its receipt
                // behind them: it is acknowledged only once all of them are committed.
                var decided: [AlarmAction] = []
                for output in outputs {
                    switch output {
                    case .reading:
                        readingsCounter.increment()
                    case .waveform:
                        waveformsCounter.increment()
                    case .rejected(let error):
                        Counter(label: "pdm_readings_rejected_total", dimensions: [("reason", error.reason)]).increment()
                        if let entry = rejections.record(error, now: now) { log(entry) }
                    case .alarms(let actions):
                        decided += actions
                    case .estimate(let estimate, let unit):
                        estimatesCounter.increment()
                        publisher.enqueue(.estimate(estimate, unit: unit))
                    case .sparkplugCommand(let topic, let payload):
                        rebirthCounter.increment()
                        publisher.enqueue(.sparkplugCommand(topic: topic, payload: payload))
                    }
                }
                for entry in rejections.due(now: now) { log(entry) }
                // Receipts of messages without decisions wait for a batch, or for the stream to run dry.
                if !decided.isEmpty || receipts.count >= 256 {
                    handOver(decided)
                }
            }
            if !receipts.isEmpty && client.bufferedMessages == 0 {
                handOver([])
            }
        }
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
}
