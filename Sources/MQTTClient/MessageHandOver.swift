import DequeModule
import Synchronization

/// The batches of received messages between the client's event loop, which adds them, and the
/// one task that takes them.
///
/// A waiting taker is resumed where the runtime resumes continuations: on the task executor its task
/// prefers, else on the global pool, and from there on its own isolation. A consumer under
/// ``MQTTClient/onEventLoop(_:)`` prefers the client's event loop, so it gets each batch on the thread
/// that read it, without a wake-up of another thread.
/// Back-pressure is the core's, counted in messages (``MessageBacklog``); this type only keeps
/// the order and the end.
final class MessageHandOver: Sendable {
    /// What the event loop learns from a hand-over.
    enum Outcome {
        case enqueued
        /// The consumer is gone: the batch was not taken.
        case dropped
    }

    private struct State {
        var batches: Deque<[MQTTMessage]> = []
        var waiter: UnsafeContinuation<[MQTTMessage]?, Never>?
        /// No more batches will come; the taker gets what is left, then the end.
        var finished = false
        /// The taker stopped (cancelled, or its iterator went away).
        var terminated = false
    }

    private let state = Mutex(State())
    /// Called once, from the thread on which the taker stopped, when it stops before the end.
    private let onTermination: @Sendable () -> Void

    init(onTermination: @escaping @Sendable () -> Void) {
        self.onTermination = onTermination
    }

    /// Adds a batch (on the event loop).
    func yield(_ batch: [MQTTMessage]) -> Outcome {
        let waiter: UnsafeContinuation<[MQTTMessage]?, Never>?
        do {
            waiter = try state.withLock { state throws(Dropped) in
                guard !state.terminated, !state.finished else { throw Dropped() }
                if let waiter = state.waiter {
                    state.waiter = nil
                    return waiter
                }
                state.batches.append(batch)
                return nil
            }
        } catch {
            return .dropped
        }
        waiter?.resume(returning: batch)
        return .enqueued
    }

    /// Ends the stream once the batches already added are taken.
    func finish() {
        let waiter = state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return state.batches.isEmpty ? state.waiter : nil
        }
        waiter?.resume(returning: nil)
    }

    /// The next batch, or nil at the end or when the calling task is cancelled.
    func next(isolation actor: isolated (any Actor)? = #isolation) async -> [MQTTMessage]? {
        enum Immediate { case batch([MQTTMessage]), end, wait }
        let immediate: Immediate = state.withLock { state in
            if let batch = state.batches.popFirst() { return .batch(batch) }
            return state.finished || state.terminated ? .end : .wait
        }
        switch immediate {
        case .batch(let batch): return batch
        case .end: return nil
        case .wait: break
        }
        return await withTaskCancellationHandler(operation: {
            await withUnsafeContinuation(isolation: actor) { (continuation: UnsafeContinuation<[MQTTMessage]?, Never>) in
                enum Decision { case resume([MQTTMessage]?), park }
                let decision: Decision = state.withLock { state in
                    if let batch = state.batches.popFirst() { return .resume(batch) }
                    if state.finished || state.terminated || Task.isCancelled { return .resume(nil) }
                    state.waiter = continuation
                    return .park
                }
                switch decision {
                case .resume(let batch): continuation.resume(returning: batch)
                case .park: break
                }
            }
        }, onCancel: {
            terminate()
        }, isolation: actor)
    }

    /// The taker stopped before the end: wakes it if it waits, refuses further batches and tells
    /// the client (once).
    func terminate() {
        let (waiter, first): (UnsafeContinuation<[MQTTMessage]?, Never>?, Bool) = state.withLock { state in
            let first = !state.terminated && !state.finished
            state.terminated = true
            state.batches.removeAll()
            defer { state.waiter = nil }
            return (state.waiter, first)
        }
        waiter?.resume(returning: nil)
        if first { onTermination() }
    }

    private struct Dropped: Error {}
}
