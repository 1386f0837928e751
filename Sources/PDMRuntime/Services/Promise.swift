import Synchronization

/// A value handed over once from one task to another that awaits it: the answer to an operator
/// command, the moment a message was taken. The waiter gets `nil` when the promise is abandoned
/// (the service stops, a deadline passes) or when the waiting task is cancelled, so no waiter is
/// left hanging.
final class Promise<Value: Sendable>: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<Value?, Never>)
        case settled(Value?)
    }

    private let state = Mutex(State.pending)

    init() {}

    /// Settles the promise with `value`; later calls change nothing.
    func fulfil(_ value: Value) {
        settle(value)
    }

    /// Settles the promise without a value; later calls change nothing.
    func abandon() {
        settle(nil)
    }

    private func settle(_ value: Value?) {
        let waiter: CheckedContinuation<Value?, Never>? = state.withLock { state in
            switch state {
            case .pending:
                state = .settled(value)
                return nil
            case .waiting(let continuation):
                state = .settled(value)
                return continuation
            case .settled:
                return nil
            }
        }
        waiter?.resume(returning: value)
    }

    /// The value, once settled; `nil` when abandoned, or when the calling task is cancelled.
    /// One task awaits a promise: a second waiter gets `nil` at once.
    func value() async -> Value? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Value?, Never>) in
                let settled: Value?? = state.withLock { state in
                    switch state {
                    case .pending:
                        state = .waiting(continuation)
                        return .none
                    case .waiting:
                        return .some(nil)
                    case .settled(let value):
                        return .some(value)
                    }
                }
                if let settled { continuation.resume(returning: settled) }
            }
        } onCancel: {
            abandon()
        }
    }

    /// The value, or `nil` when it is not settled within `timeout`.
    func value(within timeout: Duration) async -> Value? {
        let deadline = Task { [self] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            abandon()
        }
        defer { deadline.cancel() }
        return await value()
    }
}
