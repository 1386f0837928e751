import CLibcurl
import Foundation
import Synchronization

/// HTTP exchanges on libcurl's multi interface: one thread drives every transfer of a client, and
/// connections stay open between requests (HTTP keep-alive, up to `maximumConnections` per host).
///
/// Requests are handed to the thread through a locked inbox, and `curl_multi_wakeup` ends its
/// wait; each result comes back through the caller's continuation. Dropping the client stops the
/// thread, and a transfer still running then fails.
final class CurlClient: Sendable {
    private let driver: Driver

    init(maximumConnections: Int) {
        driver = Driver(maximumConnections: maximumConnections)
        if driver.multi != nil {
            let driver = driver
            let thread = Thread { driver.run() }
            thread.name = "pdm-webhooks"
            thread.start()
        }
    }

    deinit {
        driver.stop()
    }

    /// Runs one exchange: libcurl keeps the deadline over all of it (connecting, sending, and a
    /// body that trickles in). A cancelled caller's transfer is abandoned.
    func exchange(_ request: WebhookRequest, receiver: String, timeout: Double) async -> CurlTransfer.Outcome {
        let driver = driver
        let cancelled = Atomic<Bool>(false)
        let box = Mutex<CurlTransfer?>(nil)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<CurlTransfer.Outcome, Never>) in
                let transfer = CurlTransfer(request: request, receiver: receiver, timeout: timeout) { continuation.resume(returning: $0) }
                box.withLock { $0 = transfer }
                guard !cancelled.load(ordering: .acquiring) else {
                    return transfer.finish(.failure(transfer.failure(.connection("cancelled"))))
                }
                driver.submit(transfer)
            }
        } onCancel: {
            cancelled.store(true, ordering: .releasing)
            if let transfer = box.withLock({ $0 }) { driver.cancel(transfer) }
        }
    }

    /// Runs `requests` with at most `window` exchanges in flight, each under `timeout` from its
    /// start; the run gives each outcome as it comes.
    /// With `closed` false, more requests follow through the run's `add` and `close`.
    func run(_ requests: [WebhookRequest], closed: Bool = true, receiver: String, timeout: Double, window: Int) -> CurlRun {
        let driver = driver
        let run = CurlRun(requests: requests, closed: closed, receiver: receiver, timeout: timeout, window: window) { driver.wake() }
        driver.submit(run)
        return run
    }
}

extension CurlClient {
    /// The multi handle and the thread's loop over it.
    ///
    /// `@unchecked Sendable`: `multi`, `running`, `runs`, `idle` and the easy handles are used by the loop thread
    /// only, once it has started; other threads touch only `inbox` (under its lock) and call
    /// `curl_multi_wakeup`, which libcurl allows from any thread. The multi handle is cleaned up
    /// when the loop ends, after ``stop()``, the last call from outside.
    fileprivate final class Driver: @unchecked Sendable {
        private struct Inbox {
            var submitted: [CurlTransfer] = []
            var runs: [CurlRun] = []
            var cancelled: [ObjectIdentifier] = []
            var stopping = false
            /// A wake-up was sent and the loop has not taken the inbox since: the next request
            /// needs none (one wake-up serves every request submitted before the loop takes them).
            var woken = false
        }

        let multi: UnsafeMutableRawPointer?
        private let inbox = Mutex(Inbox())
        private var running: [ObjectIdentifier: CurlTransfer] = [:]
        private var byHandle: [UnsafeMutableRawPointer: ObjectIdentifier] = [:]
        /// Runs with requests in flight or left to start.
        private var runs: [ObjectIdentifier: CurlRun] = [:]
        /// The run of each running transfer that belongs to one.
        private var runOf: [ObjectIdentifier: ObjectIdentifier] = [:]
        /// Easy handles of finished transfers, reset, for the next ones: making and freeing a
        /// handle for every request costs more than resetting one.
        private var idle: [UnsafeMutableRawPointer] = []
        private let idleLimit: Int

        init(maximumConnections: Int) {
            let connections = min(max(maximumConnections, 1), 1024)
            idleLimit = connections * 2
            guard pdm_curl_global_init() == CURLE_OK, let multi = curl_multi_init() else {
                multi = nil
                return
            }
            _ = pdm_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, connections)
            _ = pdm_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, connections * 2)
            self.multi = multi
        }

        func submit(_ transfer: CurlTransfer) {
            guard let multi else {
                return transfer.finish(.failure(transfer.failure(.connection("libcurl could not be initialised"))))
            }
            let (accepted, wake) = inbox.withLock { inbox in
                guard !inbox.stopping else { return (false, false) }
                inbox.submitted.append(transfer)
                defer { inbox.woken = true }
                return (true, !inbox.woken)
            }
            guard accepted else { return transfer.finish(.failure(transfer.failure(.connection("shutting down")))) }
            if wake { curl_multi_wakeup(multi) }
        }

        func submit(_ run: CurlRun) {
            guard let multi else {
                while let transfer = run.nextTransfer() {
                    transfer.finish(.failure(transfer.failure(.connection("libcurl could not be initialised"))))
                }
                return run.finish()
            }
            let (accepted, wake) = inbox.withLock { inbox in
                guard !inbox.stopping else { return (false, false) }
                inbox.runs.append(run)
                defer { inbox.woken = true }
                return (true, !inbox.woken)
            }
            guard accepted else {
                while let transfer = run.nextTransfer() { transfer.finish(.failure(transfer.failure(.connection("shutting down")))) }
                return run.finish()
            }
            if wake { curl_multi_wakeup(multi) }
        }

        /// Ends the loop's wait, to look at abandoned runs.
        func wake() {
            guard let multi else { return }
            curl_multi_wakeup(multi)
        }

        func cancel(_ transfer: CurlTransfer) {
            guard let multi else { return }
            inbox.withLock { $0.cancelled.append(transfer.id) }
            curl_multi_wakeup(multi)
        }

        func stop() {
            guard let multi else { return }
            inbox.withLock { $0.stopping = true }
            curl_multi_wakeup(multi)
        }

        /// The loop: takes new transfers, lets libcurl move every one forward, settles the
        /// finished ones, and waits for sockets, a timer of libcurl's, or a wake-up.
        func run() {
            guard let multi else { return }
            while true {
                let taken = inbox.withLock { inbox in
                    defer { inbox.submitted = []; inbox.cancelled = []; inbox.woken = false }
                    return inbox
                }
                for transfer in taken.submitted { start(transfer, on: multi) }
                for run in taken.runs { runs[run.id] = run }
                for id in taken.cancelled { end(id, on: multi, .connection("cancelled")) }
                if taken.stopping { break }
                var active: Int32 = 0
                // Slots freed by finished transfers are filled at once, and what was started goes
                // out before the wait.
                repeat {
                    _ = curl_multi_perform(multi, &active)
                    settleFinished(on: multi)
                } while refillRuns(on: multi)
                var ready: Int32 = 0
                if curl_multi_poll(multi, nil, 0, 1000, &ready) != CURLM_OK {
                    // Not expected with a valid handle; do not spin.
                    usleep(10_000)
                }
            }
            for run in runs.values { run.withdraw() }
            for id in Array(running.keys) { end(id, on: multi, .connection("shutting down")) }
            for run in runs.values { run.finish() }
            runs = [:]
            for easy in idle { curl_easy_cleanup(easy) }
            idle = []
            curl_multi_cleanup(multi)
        }

        /// Starts what each run has room for, ends abandoned runs' transfers, and ends the streams
        /// of settled runs. Returns whether a transfer was started.
        private func refillRuns(on multi: UnsafeMutableRawPointer) -> Bool {
            var started = false
            for run in runs.values {
                if run.isAbandoned {
                    for (transfer, owner) in runOf where owner == run.id { end(transfer, on: multi, .connection("cancelled")) }
                }
                while let transfer = run.nextTransfer() {
                    start(transfer, on: multi)
                    if running[transfer.id] != nil {
                        runOf[transfer.id] = run.id
                        started = true
                    }
                }
                if run.isSettled {
                    runs[run.id] = nil
                    run.finish()
                }
            }
            return started
        }

        private func start(_ transfer: CurlTransfer, on multi: UnsafeMutableRawPointer) {
            guard let easy = idle.popLast() ?? curl_easy_init() else {
                return transfer.finish(.failure(transfer.failure(.connection("libcurl could not start a transfer"))))
            }
            do {
                try transfer.prepare(on: easy)
                guard curl_multi_add_handle(multi, easy) == CURLM_OK else {
                    recycle(transfer)
                    return transfer.finish(.failure(transfer.failure(.connection("libcurl refused the transfer"))))
                }
                running[transfer.id] = transfer
                byHandle[easy] = transfer.id
            } catch {
                recycle(transfer)
                transfer.finish(.failure(error))
            }
        }

        /// Takes a transfer's easy handle back (out of the multi handle): reset for the next
        /// transfer, or freed when enough are kept.
        private func recycle(_ transfer: CurlTransfer) {
            guard let easy = transfer.detach() else { return }
            if idle.count < idleLimit {
                curl_easy_reset(easy)
                idle.append(easy)
            } else {
                curl_easy_cleanup(easy)
            }
        }

        private func settleFinished(on multi: UnsafeMutableRawPointer) {
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                var easy: UnsafeMutableRawPointer?
                var code = CURLE_OK
                guard pdm_curl_message_done(message, &easy, &code) != 0, let easy, let id = byHandle[easy],
                      let transfer = remove(id, on: multi) else { continue }
                // The status is read from the handle before it goes back to the pool.
                transfer.complete(code)
                recycle(transfer)
            }
        }

        private func end(_ id: ObjectIdentifier, on multi: UnsafeMutableRawPointer, _ reason: NotifierError.Reason) {
            guard let transfer = remove(id, on: multi) else { return }
            recycle(transfer)
            transfer.finish(.failure(transfer.failure(reason)))
        }

        private func remove(_ id: ObjectIdentifier, on multi: UnsafeMutableRawPointer) -> CurlTransfer? {
            guard let transfer = running.removeValue(forKey: id) else { return nil }
            runOf[id] = nil
            if let easy = transfer.easy {
                byHandle[easy] = nil
                curl_multi_remove_handle(multi, easy)
            }
            return transfer
        }
    }
}
