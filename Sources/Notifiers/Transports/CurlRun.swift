import Synchronization

/// Requests a ``CurlClient`` runs with at most `window` exchanges in flight: its thread starts the
/// next request as soon as one ends, so no slot waits for the caller, and no task is made per
/// request. Every started request gets exactly one answer, also when the caller is cancelled (the
/// exchanges in flight then end as cancelled), so no outcome of a request that was sent is lost.
///
/// Requests can be added while the run goes (``add(_:)``, then ``close()``), so the first ones are
/// on the wire while the caller still prepares the rest.
///
/// `@unchecked Sendable`: `next` and `inFlight` are touched by the client's thread only, once the run
/// was handed to it through the client's locked inbox; other threads touch only the atomics, the
/// locked queue of requests and the locked mailbox.
final class CurlRun: @unchecked Sendable {
    /// What one request came to.
    typealias Answer = (index: Int, outcome: CurlTransfer.Outcome)

    private struct Mailbox {
        var answers: [Answer] = []
        var finished = false
        var waiter: CheckedContinuation<[Answer]?, Never>?
    }

    /// The requests so far, and whether more may come.
    private struct Queue {
        var requests: [WebhookRequest]
        var closed: Bool
    }

    private let queue: Mutex<Queue>
    let receiver: String
    let timeout: Double
    let window: Int
    private let wake: @Sendable () -> Void
    private let mailbox = Mutex(Mailbox())
    private let withdrawn = Atomic<Bool>(false)
    private let abandoned = Atomic<Bool>(false)
    /// The next request to start (client thread only).
    private var next = 0
    /// Requests started and not yet answered (client thread only).
    private var inFlight = 0

    var id: ObjectIdentifier { ObjectIdentifier(self) }

    /// - Parameters:
    ///   - closed: whether `requests` are all (else ``add(_:)`` and ``close()`` follow).
    ///   - wake: ends the client thread's wait, so it sees new requests or an abandoned run at once.
    init(requests: [WebhookRequest], closed: Bool = true, receiver: String, timeout: Double, window: Int,
         wake: @escaping @Sendable () -> Void) {
        queue = Mutex(Queue(requests: requests, closed: closed))
        self.receiver = receiver
        self.timeout = timeout
        self.window = max(window, 1)
        self.wake = wake
    }

    /// The answers that came since the last call, waiting for one when there is none; nil once
    /// every started request was answered and none is left to start. One caller at a time.
    func answers() async -> [Answer]? {
        await withCheckedContinuation { continuation in
            let ready: [Answer]?? = mailbox.withLock { mailbox in
                if !mailbox.answers.isEmpty {
                    defer { mailbox.answers = [] }
                    return .some(mailbox.answers)
                }
                if mailbox.finished { return .some(nil) }
                mailbox.waiter = continuation
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Adds requests to an open run; their indexes follow those before.
    func add(_ more: [WebhookRequest]) {
        guard !more.isEmpty else { return }
        queue.withLock { $0.requests += more }
        wake()
    }

    /// No more requests come: once those added are answered, the answers end.
    func close() {
        queue.withLock { $0.closed = true }
        wake()
    }

    /// The answers that came since the last call, without waiting (empty when none came).
    func answersSoFar() -> [Answer] {
        mailbox.withLock { mailbox in
            defer { mailbox.answers = [] }
            return mailbox.answers
        }
    }

    /// Starts no further request; those started still get their answers.
    func withdraw() {
        withdrawn.store(true, ordering: .releasing)
    }

    /// The caller stops waiting (its task was cancelled): no further request starts, and those in
    /// flight end as cancelled.
    func abandon() {
        withdrawn.store(true, ordering: .releasing)
        abandoned.store(true, ordering: .releasing)
        wake()
    }

    var isAbandoned: Bool { abandoned.load(ordering: .acquiring) }

    /// The next transfer to start, while a slot is free and a request is left (client thread only).
    func nextTransfer() -> CurlTransfer? {
        guard inFlight < window, !withdrawn.load(ordering: .acquiring) else { return nil }
        let index = next
        guard let request = queue.withLock({ index < $0.requests.count ? $0.requests[index] : nil }) else { return nil }
        next += 1
        inFlight += 1
        return CurlTransfer(request: request, receiver: receiver, timeout: timeout) { [self] outcome in
            inFlight -= 1
            post((index, outcome))
        }
    }

    /// Whether every started request was answered and none is left to start (client thread only).
    var isSettled: Bool {
        guard inFlight == 0 else { return false }
        if withdrawn.load(ordering: .acquiring) { return true }
        return queue.withLock { $0.closed && next >= $0.requests.count }
    }

    /// Ends the answers once the last was taken (client thread only, once settled; or when the
    /// client stops).
    func finish() {
        let waiter = mailbox.withLock { mailbox in
            mailbox.finished = true
            defer { mailbox.waiter = nil }
            return mailbox.answers.isEmpty ? mailbox.waiter : nil
        }
        waiter?.resume(returning: nil)
    }

    private func post(_ answer: Answer) {
        let waiter = mailbox.withLock { mailbox in
            guard let waiter = mailbox.waiter else {
                mailbox.answers.append(answer)
                return nil as CheckedContinuation<[Answer]?, Never>?
            }
            mailbox.waiter = nil
            return waiter
        }
        waiter?.resume(returning: [answer])
    }
}
