import NIOConcurrencyHelpers
import TestSupport

/// A queue one task reads with a deadline; a wait that times out leaves the queue intact
/// (unlike cancelling an `AsyncStream` iteration, which ends the stream).
final class Mailbox<Item: Sendable>: Sendable {
    private struct State {
        var items: [Item] = []
        var closed = false
        var waiter: (id: Int, continuation: CheckedContinuation<Item?, Never>)?
        var nextWaiter = 0
    }

    private let state = NIOLockedValueBox(State())

    func put(_ item: Item) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Item?, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter.continuation
            }
            state.items.append(item)
            return nil
        }
        waiter?.resume(returning: item)
    }

    func close() {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Item?, Never>? in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter?.continuation
        }
        waiter?.resume(returning: nil)
    }

    /// The next item; `nil` when closed or when `timeout` passes first.
    func take(timeout: Duration) async -> Item? {
        await withCheckedContinuation { continuation in
            let id = state.withLockedValue { state -> Int? in
                if !state.items.isEmpty {
                    continuation.resume(returning: state.items.removeFirst())
                    return nil
                }
                if state.closed {
                    continuation.resume(returning: nil)
                    return nil
                }
                state.nextWaiter += 1
                state.waiter = (state.nextWaiter, continuation)
                return state.nextWaiter
            }
            guard let id else { return }
            Task {
                try? await Task.sleep(for: timeout)
                let expired = self.state.withLockedValue { state -> CheckedContinuation<Item?, Never>? in
                    guard let waiter = state.waiter, waiter.id == id else { return nil }
                    state.waiter = nil
                    return waiter.continuation
                }
                expired?.resume(returning: nil)
            }
        }
    }

    var isClosed: Bool { state.withLockedValue { $0.closed && $0.items.isEmpty } }
}
