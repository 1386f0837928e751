import Synchronization

/// Messages the client has received and the application has not yet taken: the depth of the
/// ingest queue, read from any thread; and whether reading from the broker is paused because that
/// depth reached the inbound buffer's size.
final class MessageBacklog: Sendable {
    private let count = Atomic<Int>(0)
    private let pausedFlag = Atomic<Bool>(false)

    /// Adds `value` (negative when messages are taken); returns the new depth.
    @discardableResult
    func add(_ value: Int) -> Int {
        count.wrappingAdd(value, ordering: .relaxed).newValue
    }

    var value: Int { count.load(ordering: .relaxed) }

    /// Marks reading as paused (on the event loop).
    func pause() { pausedFlag.store(true, ordering: .sequentiallyConsistent) }

    /// Clears the pause; true for the one caller that found it set and must resume reading.
    func unpause() -> Bool {
        pausedFlag.exchange(false, ordering: .sequentiallyConsistent)
    }
}
