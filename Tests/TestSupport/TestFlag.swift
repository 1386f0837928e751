import Synchronization

/// A flag a test sets and a callback on another thread reads (a receiver coming back up, say).
package final class TestFlag: Sendable {
    private let value = Mutex(false)

    package init() {}

    package var isSet: Bool { value.withLock { $0 } }

    package func set() { value.withLock { $0 = true } }
}
