/// What became of an operator command: where it stands, the engine's answer (or why it was
/// refused), and its id in the command queue once it has one.
public struct CommandOutcome: Sendable, Hashable {
    public var status: CommandStatus
    public var result: String
    public var id: Int64?

    public init(status: CommandStatus, result: String, id: Int64?) {
        self.status = status
        self.result = result
        self.id = id
    }
}
