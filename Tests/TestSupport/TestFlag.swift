import Synchronization

/// A flag a test sets and a callback on another thread reads (a receiver coming back up, say).
public final class TestFlag: Sendable {
    private let value = Mutex(false)

    public init() {}

    public var isSet: Bool { value.withLock { $0 } }

    public func set() { value.withLock { $0 = true } }
}
