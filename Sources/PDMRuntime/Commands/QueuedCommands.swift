import AlarmEngine
import AlarmStore
import Foundation

/// Operator commands given to an instance that does not lead the alarm's shard: queued in the
/// shared store for the shard's leader (which looks at the queue every second), and answered
/// with the outcome the leader records.
package struct QueuedCommands: Sendable {
    let database: any StateStore

    package init(database: any StateStore) {
        self.database = database
    }

    /// Queues `command` and waits up to `timeout` for its outcome; past that, the outcome says
    /// `pending` with the command's id, and the command stays queued.
    package func perform(_ command: OperatorCommand, timeout: Duration = .seconds(10)) async throws(StoreError) -> CommandOutcome {
        let id = try await database.perform(.enqueue(command, now: Date().timeIntervalSince1970))
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            guard (try? await Task.sleep(for: .milliseconds(100))) != nil else { break }
            guard let queued = try await database.perform(.command(id)) else { break }
            switch queued.status {
            case .pending: continue
            case .applied, .refused, .failed, .invalid, .unauthorized, .forbidden, nil:
                return CommandOutcome(status: queued.status ?? .failed, result: queued.result ?? "", id: id)
            }
        }
        return CommandOutcome(status: .pending, result: "the shard's leader has not answered yet; the command stays queued", id: id)
    }
}
