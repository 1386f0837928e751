import AlarmEngine
import Foundation
import PDMConfig

/// An operator command received over MQTT on `<prefix>/commands/<action>`, with where to answer.
///
/// Payload: `{"asset": "pump-1", "rule": "bearing-hot", "user": "jdoe", "comment": "...",
/// "duration": "2h" | seconds, "until": <Unix seconds>, "reply_to": "topic", "correlation_id": "..."}`;
/// the action is one of `ack` (or `acknowledge`), `shelve`, `unshelve`, `comment`, `reset`.
public struct InboundCommand: Sendable, Hashable {
    public var command: OperatorCommand
    /// Where the answer goes: the MQTT 5 response topic, else the payload's `reply_to`.
    public var replyTo: String?
    /// Echoed in the answer (payload `correlation_id`; MQTT 5 correlation data travels as a property).
    public var correlationID: String?

    /// Reads a command; `action` is the topic level after `<prefix>/commands/`.
    public static func parse(action: String, payload: [UInt8], responseTopic: String?,
                             now: Double) throws(InboundCommandError) -> InboundCommand {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any] else {
            throw .invalid("the payload is not a JSON object")
        }
        func text(_ name: String) -> String? {
            guard let value = object[name] else { return nil }
            if let string = value as? String { return string }
            if let number = value as? NSNumber { return number.stringValue }
            return nil
        }
        guard let asset = text("asset"), !asset.isEmpty else { throw .invalid("'asset' is required") }
        guard let rule = text("rule"), !rule.isEmpty else { throw .invalid("'rule' is required") }
        guard let user = text("user"), !user.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalid("'user' is required: every command is journaled with who gave it")
        }
        let key = AlarmKey(asset: asset, rule: rule)
        let comment = text("comment")
        let command: OperatorCommand
        switch action {
        case "ack", "acknowledge":
            command = .acknowledge(key, user: user, comment: comment)
        case "shelve":
            var until = object["until"].flatMap { ($0 as? NSNumber)?.doubleValue }
            if let duration = text("duration") {
                guard let seconds = DurationText.seconds(duration), seconds > 0 else {
                    throw .invalid("'duration' must be seconds or a duration like 30m, 2h; found '\(duration)'")
                }
                until = now + seconds
            }
            command = .shelve(key, user: user, until: until, reason: comment ?? "")
        case "unshelve":
            command = .unshelve(key, user: user, comment: comment)
        case "comment":
            guard let comment, !comment.isEmpty else { throw .invalid("'comment' is required") }
            command = .comment(key, user: user, text: comment)
        case "reset":
            command = .reset(key, user: user, comment: comment)
        default:
            throw .unknownAction(action)
        }
        return InboundCommand(command: command, replyTo: responseTopic ?? text("reply_to"),
                              correlationID: text("correlation_id"))
    }

    /// The answer's payload.
    public static func reply(status: String, result: String, commandID: Int64?, correlationID: String?) -> [UInt8] {
        var object: [String: Any] = ["status": status, "result": result]
        if let commandID { object["command_id"] = commandID }
        if let correlationID { object["correlation_id"] = correlationID }
        return Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8))
    }
}

/// Why an MQTT command was refused before reaching the alarm engine.
public enum InboundCommandError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalid(String)
    case unknownAction(String)

    public var description: String {
        switch self {
        case .invalid(let detail): detail
        case .unknownAction(let action): "unknown command '\(action)' (known: ack, shelve, unshelve, comment, reset)"
        }
    }
}
