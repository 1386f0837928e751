/// What operators do to alarms, from the console, the API, MQTT commands or the command line.
package enum OperatorCommand: Sendable, Hashable {
    case acknowledge(AlarmKey, user: String, comment: String?)
    /// Shelve until the condition next clears (`until` nil) or until a time; bounded by the
    /// maximum shelve time.
    case shelve(AlarmKey, user: String, until: Double?, reason: String)
    case unshelve(AlarmKey, user: String, comment: String?)
    /// Clear a latched alarm whose condition has returned to normal.
    case reset(AlarmKey, user: String, comment: String?)
    case comment(AlarmKey, user: String, text: String)
    case removeFromService(AlarmKey, user: String, reason: String)
    case returnToService(AlarmKey, user: String, comment: String?)

    package var key: AlarmKey {
        switch self {
        case .acknowledge(let key, _, _), .shelve(let key, _, _, _), .unshelve(let key, _, _), .reset(let key, _, _),
             .comment(let key, _, _), .removeFromService(let key, _, _), .returnToService(let key, _, _):
            key
        }
    }
}

/// Why an operator command was refused.
package enum AlarmCommandError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownAlarm(AlarmKey)
    case notApplicable(AlarmKey, command: String, state: AlarmState)
    case shelveTooLong(AlarmKey, requested: Double, maximum: Double)
    case emptyUser

    package var description: String {
        switch self {
        case .unknownAlarm(let key): "no alarm \(key)"
        case .notApplicable(let key, let command, let state): "cannot \(command) \(key): it is \(state.rawValue)"
        case .shelveTooLong(let key, let requested, let maximum):
            "cannot shelve \(key) for \(Double.wholeText(requested)) s: at most \(Double.wholeText(maximum)) s"
        case .emptyUser: "a user name is required"
        }
    }
}
