import AlarmEngine
import AlarmStore
import Foundation
import PDMConfig

/// An operator command received over MQTT on `<prefix>/commands/<action>`, with where to answer.
///
/// Payload: `{"asset": "pump-1", "rule": "bearing-hot", "user": "jdoe", "comment": "...",
/// "duration": "2h" | seconds, "until": <Unix seconds>, "reply_to": "topic", "correlation_id": "..."}`;
/// the action is one of `ack` (or `acknowledge`), `shelve`, `unshelve`, `comment`, `reset`. With
/// `commands.mqtt: token` the payload carries `"token"`, one of `http.tokens`: the command is
/// journaled with that token's user and must be allowed by its role.
package struct InboundCommand: Sendable, Hashable {
    package var command: OperatorCommand
    /// Where the answer goes: the MQTT 5 response topic, else the payload's `reply_to`.
    package var replyTo: String?
    /// Echoed in the answer (payload `correlation_id`; MQTT 5 correlation data travels as a property).
    package var correlationID: String?

    /// Reads a command; `action` is the topic level after `<prefix>/commands/`. `tokens`, when
    /// given, are the grants a command's `token` must name (`commands.mqtt: token`).
    package static func parse(action: String, payload: [UInt8], responseTopic: String?, now: Double,
                             tokens: [String: HTTPSettings.Grant]? = nil) throws(InboundCommandError) -> InboundCommand {
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
        var grant: HTTPSettings.Grant?
        if let tokens {
            guard let token = text("token"), let known = tokens[token] else {
                throw .unauthorized("'token' must be one of http.tokens (commands.mqtt: token)")
            }
            if let named = text("user"), named != known.user {
                throw .unauthorized("'user' does not match the token's user")
            }
            grant = known
        }
        guard let user = grant?.user ?? text("user"), !user.trimmingCharacters(in: .whitespaces).isEmpty else {
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
        if let grant, !grant.role.permits(command) {
            throw .forbidden("\(action) needs the role \(Role.required(for: command)); \(grant.user) is \(grant.role)")
        }
        return InboundCommand(command: command, replyTo: responseTopic ?? text("reply_to"),
                              correlationID: text("correlation_id"))
    }

    /// The answer's payload.
    package static func reply(status: CommandStatus, result: String, commandID: Int64?, correlationID: String?) -> [UInt8] {
        var object: [String: Any] = ["status": status.rawValue, "result": result]
        if let commandID { object["command_id"] = commandID }
        if let correlationID { object["correlation_id"] = correlationID }
        return Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8))
    }
}

/// Why an MQTT command was refused before reaching the alarm engine.
package enum InboundCommandError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalid(String)
    case unknownAction(String)
    /// No valid token where one is required.
    case unauthorized(String)
    /// The token's role does not allow the command.
    case forbidden(String)

    /// The status of the answer: `invalid`, `unauthorized` or `forbidden`.
    package var status: CommandStatus {
        switch self {
        case .invalid, .unknownAction: .invalid
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        }
    }

    package var description: String {
        switch self {
        case .invalid(let detail), .unauthorized(let detail), .forbidden(let detail): detail
        case .unknownAction(let action): "unknown command '\(action)' (known: ack, shelve, unshelve, comment, reset)"
        }
    }
}
