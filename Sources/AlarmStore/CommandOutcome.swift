/// What became of an operator command: where it stands, the engine's answer (or why it was
/// refused), and its id in the command queue once it has one.
package struct CommandOutcome: Sendable, Hashable {
    package var status: CommandStatus
    package var result: String
    package var id: Int64?

    package init(status: CommandStatus, result: String, id: Int64?) {
        self.status = status
        self.result = result
        self.id = id
    }
}
