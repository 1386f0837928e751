/// What a user may do, each role including the ones before it: `viewer` reads, `operator` also
/// acknowledges, shelves, comments and confirms remote actions, `admin` also resets latched
/// alarms, takes alarms out of service, redelivers notifications and changes configuration.
package enum Role: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case viewer
    case `operator`
    case admin

    /// The least role that may give `command`.
    package static func required(for command: OperatorCommand) -> Role {
        switch command {
        case .acknowledge, .shelve, .unshelve, .comment: .operator
        case .reset, .removeFromService, .returnToService: .admin
        }
    }

    /// Whether this role may give `command`.
    package func permits(_ command: OperatorCommand) -> Bool {
        self >= Self.required(for: command)
    }

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .operator: 1
        case .admin: 2
        }
    }

    package static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    package var description: String { rawValue }
}
