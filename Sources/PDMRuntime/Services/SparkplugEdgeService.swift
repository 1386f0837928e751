import Foundation
import Logging
import MQTTClient
import MQTTCodec
import PDMConfig
import ServiceLifecycle
import Sparkplug
import Synchronization

/// pdm's own Sparkplug B edge node (`sparkplug.publish`): each asset is a device whose metrics are
/// its remaining life, health indicator and alarm states, so a SCADA host shows them as tags.
///
/// The node's death is the MQTT will (``will``); every connection publishes the node's birth and
/// every device's, a host's `Node Control/Rebirth` command does the same, and published alarm
/// events and estimates go out as DDATA (or a new DBIRTH when they bring a metric not declared).
package final class SparkplugEdgeService: Service, Sendable {
    /// The birth/death sequence number of this run: the same in the will and in every birth, so a
    /// host matches the death the broker publishes with the birth before it.
    static let sessionBdSeq = UInt64(Date().timeIntervalSince1970.rounded(.down)) % 256

    private let client: MQTTClient
    private let logger: Logger
    private let node: Mutex<SparkplugEdgeNode>
    private let outgoing: AsyncStream<[SparkplugEdgeNode.Message]>
    private let queue: AsyncStream<[SparkplugEdgeNode.Message]>.Continuation
    /// The topic of commands to pdm's node.
    package let commandTopic: String

    init(settings: SparkplugSettings.Publish, client: MQTTClient, logger: Logger) {
        let node = SparkplugEdgeNode(group: settings.group, node: settings.node, bdSeq: Self.sessionBdSeq)
        self.node = Mutex(node)
        commandTopic = node.commandTopic
        self.client = client
        self.logger = logger
        (outgoing, queue) = AsyncStream.makeStream(of: [SparkplugEdgeNode.Message].self)
    }

    /// The NDEATH the broker publishes when pdm's connection drops.
    static func will(_ settings: SparkplugSettings.Publish) -> MQTTWill {
        let death = SparkplugEdgeNode(group: settings.group, node: settings.node, bdSeq: sessionBdSeq).death
        return MQTTWill(topic: death.topic, payload: death.payload, qos: .atLeastOnce, retain: false)
    }

    package func run() async {
        await withGracefulShutdownHandler {
            for await messages in outgoing {
                for message in messages {
                    do {
                        try await client.publish(topic: message.topic, payload: message.payload, qos: .atMostOnce)
                    } catch {
                        logger.warning("Sparkplug message not published", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
                    }
                }
            }
        } onGracefulShutdown: { [queue] in
            queue.finish()
        }
    }

    /// The broker connection came up (births) or went down.
    func connectionChanged(_ up: Bool) {
        if up {
            queue.yield(node.withLock { $0.birth(now: Date().timeIntervalSince1970) })
        } else {
            node.withLock { $0.connectionLost() }
        }
    }

    /// A command to pdm's node: a rebirth request publishes the births again.
    func command(_ payload: [UInt8]) {
        guard let command = try? SparkplugPayload(decoding: payload, topic: commandTopic) else {
            logger.warning("Sparkplug command to pdm's node is not a Sparkplug payload", metadata: ["topic": "\(commandTopic)"])
            return
        }
        guard command.metrics.contains(where: { $0.name == SparkplugCommand.rebirthMetric && $0.booleanValue }) else { return }
        logger.notice("Sparkplug rebirth requested by a host", metadata: ["topic": "\(commandTopic)"])
        queue.yield(node.withLock { $0.birth(now: Date().timeIntervalSince1970) })
    }

    /// A published alarm event or estimate: its asset's metrics.
    func take(_ update: ServiceUpdate) {
        let now = Date().timeIntervalSince1970
        let device: String
        let values: [(String, SparkplugValue)]
        switch update {
        case .alarm(let event):
            let alarm = event.alarm
            let prefix = "Alarms/\(alarm.key.rule)/"
            device = alarm.key.asset
            values = [(prefix + "State", .string(alarm.state.rawValue)), (prefix + "Active", .bool(alarm.conditionActive)),
                      (prefix + "Acknowledged", .bool(alarm.acknowledged)), (prefix + "Priority", .int(Int64(alarm.priority.rank)))]
        case .estimate(let estimate, _):
            device = estimate.asset
            values = [("RUL", .double(estimate.rul)), ("RUL/Lower", .double(estimate.lower)), ("RUL/Upper", .double(estimate.upper)),
                      ("RUL/Beyond Horizon", .bool(estimate.beyondHorizon)), ("Health Indicator", .double(estimate.healthIndicator))]
        }
        let messages = node.withLock { $0.update(device: device, values, now: now) }
        if !messages.isEmpty { queue.yield(messages) }
    }
}
