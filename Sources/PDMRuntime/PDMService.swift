import Foundation
import Logging
import MQTTClient
import MQTTCodec
import Metrics
import PDMConfig
import ServiceLifecycle

/// Runs the ingest pipeline on the messages of an ``MQTTClient`` and publishes alarm transitions.
public final class PDMService: Service, Sendable {
    private let configuration: PDMConfiguration
    private let client: MQTTClient
    private let logger: Logger
    private let readingsCounter = Counter(label: "pdm_readings_total")
    private let alarmsCounter = Counter(label: "pdm_alarms_published_total")

    public init(configuration: PDMConfiguration, client: MQTTClient, logger: Logger) {
        self.configuration = configuration
        self.client = client
        self.logger = logger
    }

    public func run() async throws {
        let subscriptions = configuration.subscriptions.map {
            MQTTSubscription(topicFilter: $0.template.filter, qos: $0.qos)
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
        let (alarms, alarmQueue) = AsyncStream.makeStream(of: AlarmEvent.self)
        let publishing = Task {
            for await event in alarms { await publish(event) }
        }
        defer { alarmQueue.finish() }

        var pipeline = IngestPipeline(configuration: configuration)
        for await message in client.messages.cancelOnGracefulShutdown() {
            let outputs = pipeline.handle(topic: message.topic, payload: message.payload,
                                          receivedAt: Date().timeIntervalSince1970)
            for output in outputs {
                switch output {
                case .reading:
                    readingsCounter.increment()
                case .rejected(let error):
                    Counter(label: "pdm_readings_rejected_total", dimensions: [("reason", error.reason)]).increment()
                    logger.warning("reading rejected", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
                case .alarm(let event):
                    alarmQueue.yield(event)
                }
            }
        }
        alarmQueue.finish()
        await publishing.value
    }

    private func publish(_ event: AlarmEvent) async {
        let topic = event.topic(prefix: configuration.topicPrefix)
        logger.notice("alarm \(event.state.rawValue)", metadata: [
            "asset": "\(event.asset)", "rule": "\(event.rule.name)", "value": "\(event.reading.value)",
            "limit": "\(event.rule.limit)", "priority": "\(event.rule.priority)",
        ])
        do {
            try await client.publish(topic: topic, payload: event.jsonPayload(), qos: .atLeastOnce, retain: true)
            alarmsCounter.increment()
        } catch {
            // QoS 1 publications wait across reconnections; this is reached only on shutdown or a refusal.
            logger.error("alarm not delivered", metadata: ["topic": "\(topic)", "error": "\(error)"])
        }
    }
}
