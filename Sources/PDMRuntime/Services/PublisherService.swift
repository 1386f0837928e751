import Logging
import MQTTClient
import MQTTCodec
import Metrics
import Prognostics
import ServiceLifecycle

/// Publishes alarm transitions, remaining-life estimates and command answers on the broker, and
/// tells the observers (the console's live feed) once each is published.
///
/// Publishing has its own service so that no producer waits for a PUBACK: the ingest loop must
/// never block on one, because while it waits nothing drains the inbound buffer, and a full buffer
/// pauses reading, which would hold the PUBACK back.
package final class PublisherService: Service, Sendable {
    private let client: MQTTClient
    private let topicPrefix: String
    private let logger: Logger
    private let updates: @Sendable (ServiceUpdate) -> Void
    private let queued: AsyncStream<Publication>
    private let queue: AsyncStream<Publication>.Continuation
    private let alarmsCounter = Counter(label: "pdm_alarms_published_total")

    init(client: MQTTClient, topicPrefix: String, logger: Logger, updates: @escaping @Sendable (ServiceUpdate) -> Void) {
        self.client = client
        self.topicPrefix = topicPrefix
        self.logger = logger
        self.updates = updates
        (queued, queue) = AsyncStream.makeStream(of: Publication.self)
    }

    /// Queues a publication; it is published in the order queued.
    func enqueue(_ publication: Publication) {
        queue.yield(publication)
    }

    /// Publishes until graceful shutdown, then what was queued before it.
    ///
    /// The loop runs on the client's event loop: a committed transition wakes the thread that
    /// writes to the broker directly, and each publication is handed to the connection there,
    /// without another thread in between.
    package func run() async {
        await client.onEventLoop { await self.publishQueued() }
    }

    private func publishQueued() async {
        await withGracefulShutdownHandler {
            for await publication in queued {
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
                case .sparkplugCommand(let topic, let payload):
                    do {
                        try await client.publish(topic: topic, payload: payload, qos: .atMostOnce)
                        logger.notice("Sparkplug rebirth requested", metadata: ["topic": "\(topic)"])
                    } catch {
                        logger.error("Sparkplug command not published", metadata: ["topic": "\(topic)", "error": "\(error)"])
                    }
                }
            }
        } onGracefulShutdown: { [queue] in
            queue.finish()
        }
    }

    private func publish(_ estimate: RULEstimate, unit: String) async {
        let topic = "\(topicPrefix)/assets/\(estimate.asset)/rul"
        do {
            try await client.publish(topic: topic, payload: estimate.jsonPayload(unit: unit), qos: .atLeastOnce, retain: true)
        } catch {
            logger.error("RUL estimate not published", metadata: ["topic": "\(topic)", "error": "\(error)"])
        }
    }

    private func publish(_ event: AlarmEvent) async {
        logger.notice("alarm \(event.transition.to.rawValue)", metadata: [
            "asset": "\(event.asset)", "rule": "\(event.rule)", "cause": "\(event.transition.cause.rawValue)",
            "value": "\(event.alarm.value.map { "\($0)" } ?? "-")", "priority": "\(event.alarm.priority.name)",
        ])
        do {
            // The event and the alarm's retained state go out together, in that order; an empty
            // retained message removes the retained state: nothing is left to show.
            try await client.publish([
                MQTTPublish(topic: event.eventTopic(prefix: topicPrefix), payload: event.jsonPayload(), qos: .atLeastOnce),
                MQTTPublish(topic: event.stateTopic(prefix: topicPrefix), payload: event.clearsState ? [] : event.statePayload(),
                            qos: .atLeastOnce, retain: true),
            ])
            alarmsCounter.increment()
        } catch {
            // QoS 1 publications wait across reconnections; this is reached only on shutdown or a refusal.
            logger.error("alarm not delivered", metadata: ["topic": "\(event.eventTopic(prefix: topicPrefix))", "error": "\(error)"])
        }
    }
}
