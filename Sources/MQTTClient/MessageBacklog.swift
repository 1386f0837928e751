import Synchronization

/// Messages the client has received and the application has not yet taken: the depth of the
/// ingest queue, read from any thread.
final class MessageBacklog: Sendable {
    private let count = Atomic<Int>(0)

    func add(_ value: Int) {
        count.add(value, ordering: .relaxed)
    }

    var value: Int { count.load(ordering: .relaxed) }
}
