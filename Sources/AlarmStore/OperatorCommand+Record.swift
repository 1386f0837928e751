import AlarmEngine
import Foundation

extension OperatorCommand {
    private struct Record: Codable {
        var action: String
        var asset: String
        var rule: String
        var user: String
        var text: String?
        var until: Double?
    }

    /// The command as stored in the command queue.
    package func recordJSON() -> String {
        let record: Record
        switch self {
        case .acknowledge(let key, let user, let comment):
            record = Record(action: "acknowledge", asset: key.asset, rule: key.rule, user: user, text: comment)
        case .shelve(let key, let user, let until, let reason):
            record = Record(action: "shelve", asset: key.asset, rule: key.rule, user: user, text: reason, until: until)
        case .unshelve(let key, let user, let comment):
            record = Record(action: "unshelve", asset: key.asset, rule: key.rule, user: user, text: comment)
        case .reset(let key, let user, let comment):
            record = Record(action: "reset", asset: key.asset, rule: key.rule, user: user, text: comment)
        case .comment(let key, let user, let text):
            record = Record(action: "comment", asset: key.asset, rule: key.rule, user: user, text: text)
        case .removeFromService(let key, let user, let reason):
            record = Record(action: "remove_from_service", asset: key.asset, rule: key.rule, user: user, text: reason)
        case .returnToService(let key, let user, let comment):
            record = Record(action: "return_to_service", asset: key.asset, rule: key.rule, user: user, text: comment)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(record)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// A command read back from the queue; nil for a record this version does not know.
    package init?(recordJSON text: String) {
        guard let record = try? JSONDecoder().decode(Record.self, from: Data(text.utf8)) else { return nil }
        let key = AlarmKey(asset: record.asset, rule: record.rule)
        switch record.action {
        case "acknowledge": self = .acknowledge(key, user: record.user, comment: record.text)
        case "shelve": self = .shelve(key, user: record.user, until: record.until, reason: record.text ?? "")
        case "unshelve": self = .unshelve(key, user: record.user, comment: record.text)
        case "reset": self = .reset(key, user: record.user, comment: record.text)
        case "comment": self = .comment(key, user: record.user, text: record.text ?? "")
        case "remove_from_service": self = .removeFromService(key, user: record.user, reason: record.text ?? "")
        case "return_to_service": self = .returnToService(key, user: record.user, comment: record.text)
        default: return nil
        }
    }
}
