import AlarmStore
import Foundation
import MQTTClient
import MQTTCodec
import Metrics
import PDMConfig

extension CommandService {
    /// An operator command received over MQTT: queued (so it is audited like any other), applied at
    /// once through the same path as queued commands, and answered on the response topic.
    /// `receipts` are acknowledged once the command's outcome is committed (an invalid command's
    /// at once, behind what was queued before it). Not queued (the store failed): its message is
    /// left unacknowledged, so the broker delivers it again after a reconnection.
    func handle(_ message: MQTTMessage, receipts: [MQTTReceipt], now: Double, loop: inout Loop) async {
        let action = String(message.topic.dropFirst(topicPrefix.count))
        let responseTopic = message.properties.responseTopic
        var properties = MQTTProperties()
        if let correlation = message.properties.correlationData { properties.append(.correlationData(correlation)) }
        let inbound: InboundCommand
        do {
            inbound = try InboundCommand.parse(action: action, payload: message.payload, responseTopic: responseTopic, now: now,
                                               tokens: tokens)
        } catch {
            journal.append([], receipts: receipts)
            Counter(label: "pdm_mqtt_commands_total", dimensions: [("status", error.status.rawValue)]).increment()
            logger.warning("MQTT command refused", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
            let replyTo = responseTopic ?? ((try? JSONSerialization.jsonObject(with: Data(message.payload))) as? [String: Any])?["reply_to"] as? String
            if let replyTo {
                publisher.enqueue(.reply(topic: replyTo, payload: InboundCommand.reply(status: error.status, result: "\(error)", commandID: nil,
                                                                                    correlationID: nil), properties: properties))
            }
            return
        }
        // In a cluster every shard's leader hears the command topic; the leader of the alarm's
        // shard (the one whose engine has it) answers, the others let it pass.
        if database.shard != nil, pipeline.state.withLock({ $0.alarms.alarm(inbound.command.key) }) == nil {
            journal.append([], receipts: receipts)
            return
        }
        var outcome = CommandOutcome(status: .failed, result: "", id: nil)
        do {
            let id = try await database.perform(.enqueue(inbound.command, now: now))
            outcome = await apply(inbound.command, id: id, now: now, receipts: receipts, loop: &loop)
                ?? CommandOutcome(status: .applied, result: CommandStatus.applied.rawValue, id: id)
        } catch {
            outcome.result = "\(error)"
            logger.error("MQTT command not applied", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
        }
        Counter(label: "pdm_mqtt_commands_total", dimensions: [("status", outcome.status.rawValue)]).increment()
        if let replyTo = inbound.replyTo {
            publisher.enqueue(.reply(topic: replyTo, payload: InboundCommand.reply(status: outcome.status, result: outcome.result,
                                                                                commandID: outcome.id,
                                                                                correlationID: inbound.correlationID),
                                     properties: properties))
        }
    }

    /// The grants a command's `token` must name, when `commands.mqtt: token`.
    private var tokens: [String: HTTPSettings.Grant]? {
        switch configuration.commands.mqtt {
        case .token: configuration.http.tokens
        case .trusted, .off: nil
        }
    }
}
