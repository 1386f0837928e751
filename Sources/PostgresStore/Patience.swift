import Synchronization

/// How long a caller waits for one operation on the server, running in a task of its own.
///
/// A statement whose connection closes at the wrong moment may never be answered by the
/// connection pool. Its caller must not wait with it: a leader stepping down has to stop at once,
/// and a writer has to report the failure and try again. So the caller stops waiting when it is
/// cancelled or when the limit has passed; the abandoned work is cancelled and left to end by
/// itself, and its outcome is treated as a failure (the transaction may or may not have committed,
/// as with any connection lost during a commit).
struct Patience: Sendable {
    var limit: Duration

    /// The limit passed without an answer.
    struct Exhausted: Error, CustomStringConvertible {
        var limit: Duration
        var description: String { "no answer from the server within \(limit)" }
    }

    func wait<T: Sendable>(for body: @escaping @Sendable () async throws -> T) async throws -> T {
        let work = Task { try await body() }
        let race = Race<T>()
        let timer = Task { [limit] in
            guard (try? await Task.sleep(for: limit)) != nil else { return }
            race.settle(.failure(Exhausted(limit: limit)))
        }
        let waiter = Task { race.settle(await work.result) }
        defer {
            timer.cancel()
            waiter.cancel()
            work.cancel()
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { race.arm($0) }
        } onCancel: {
            race.settle(.failure(CancellationError()))
        }
    }
}

/// The first of several outcomes, handed to one waiting continuation.
private final class Race<T: Sendable>: Sendable {
    private enum State {
        case idle
        case armed(CheckedContinuation<T, any Error>)
        case early(Result<T, any Error>)
        case settled
    }

    private let state = Mutex(State.idle)

    /// Sets the continuation, resuming it at once if an outcome came first.
    func arm(_ continuation: CheckedContinuation<T, any Error>) {
        let early = state.withLock { state -> Result<T, any Error>? in
            switch state {
            case .idle:
                state = .armed(continuation)
                return nil
            case .early(let outcome):
                state = .settled
                return outcome
            case .armed, .settled:
                return nil
            }
        }
        if let early { continuation.resume(with: early) }
    }

    /// The outcome, if it is the first.
    func settle(_ outcome: Result<T, any Error>) {
        let waiting = state.withLock { state -> CheckedContinuation<T, any Error>? in
            switch state {
            case .idle:
                state = .early(outcome)
                return nil
            case .armed(let continuation):
                state = .settled
                return continuation
            case .early, .settled:
                return nil
            }
        }
        waiting?.resume(with: outcome)
    }
}
