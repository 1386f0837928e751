import Synchronization

/// A count a callback on another thread advances (requests answered so far, say).
package final class TestCounter: Sendable {
    private let value = Mutex(0)

    package init() {}

    /// The count before this call, then one more.
    package func next() -> Int { value.withLock { count in defer { count += 1 }; return count } }
}
