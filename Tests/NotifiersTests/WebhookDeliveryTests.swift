import AlarmEngine
import AlarmStore
import Crypto
import Foundation
import Notifiers
import PDMConfig
import Synchronization
import Testing
import TestSupport

@Suite("Webhook delivery through the outbox to a real HTTP receiver")
struct WebhookDeliveryTests {
    @Test func deliversOnceWithTheIdempotencyKeyAndTheGenericPayload() async throws {
        let receiver = try await HTTPReceiver()
        let harness = try DeliveryHarness(receivers: [.hook("cmms", port: receiver.port)])
        let intent = try harness.notify(.raised, receivers: ["cmms"])
        let report = await harness.round()
        #expect(report.delivered == 1)
        let requests = receiver.requests
        #expect(requests.count == 1)
        let request = try #require(requests.first)
        #expect(request.method == "POST" && request.uri == "/hook")
        #expect(request.header("Idempotency-Key") == intent.idempotencyKey + "/cmms")
        #expect(request.header("Content-Type") == "application/json")
        let json = try #require(request.json)
        #expect(json["version"] as? Int == 1)
        #expect(json["kind"] as? String == "raised")
        #expect(json["asset"] as? String == "pump-1" && json["rule"] as? String == "bearing-hot")
        #expect(json["priority"] as? String == "high" && json["area"] as? String == "pump-house")
        #expect(json["value"] as? Double == 97.5)
        // Delivered: a second round sends nothing.
        harness.now += 1000
        #expect(await harness.round().attempted == 0)
        #expect(receiver.requests.count == 1)
        #expect(try harness.entries().first?.deliveredAt != nil)
    }

    @Test func failuresAreRetriedWithBackoffOnTheTestClockAndTheSameKey() async throws {
        let receiver = try await HTTPReceiver()
        let failuresLeft = Counter(2)
        receiver.respond { _ in failuresLeft.take() ? .status(503, body: "busy") : .status(200) }
        let harness = try DeliveryHarness(receivers: [.hook("cmms", port: receiver.port)])
        try harness.notify(.raised, receivers: ["cmms"])
        let start = harness.now
        #expect(await harness.round().failed == 1)
        var entry = try #require(try harness.entries().first)
        #expect(entry.attempts == 1 && entry.nextAttemptAt == start + 10)
        #expect(entry.lastError?.contains("HTTP 503: busy") == true)
        harness.now = start + 9.9
        #expect(await harness.round().attempted == 0, "not before the backoff has passed")
        harness.now = start + 10
        #expect(await harness.round().failed == 1)
        entry = try #require(try harness.entries().first)
        #expect(entry.nextAttemptAt == start + 10 + 20, "the wait doubles")
        harness.now = start + 30
        #expect(await harness.round().delivered == 1)
        let keys = Set(receiver.requests.compactMap { $0.header("Idempotency-Key") })
        #expect(receiver.requests.count == 3 && keys.count == 1, "three attempts, one key")
        #expect(receiver.requests.map { $0.header("X-PDM-Delivery-Attempt") } == ["1", "2", "3"])
    }

    @Test func jitterSpreadsRetriesBelowTheBaseDelay() {
        let schedule = RetrySchedule(.init(maxAttempts: 10, initial: 4, maximum: 60, jitter: 0.5))
        #expect(schedule.delay(afterAttempt: 1, unit: 0) == 4)
        #expect(schedule.delay(afterAttempt: 1, unit: 0.999) > 2 && schedule.delay(afterAttempt: 1, unit: 0.999) < 2.01)
        #expect(schedule.delay(afterAttempt: 3, unit: 0) == 16)
        #expect(schedule.delay(afterAttempt: 9, unit: 0) == 60, "capped")
        #expect(schedule.delay(afterAttempt: 1, unit: 0, retryAfter: 30) == 30, "Retry-After honoured")
    }

    @Test func timeoutsRefusedConnectionsHangUpsAndSlowBodiesFailAndAreRetried() async throws {
        let receiver = try await HTTPReceiver()
        var settings = ReceiverSettings.hook("cmms", port: receiver.port)
        settings.timeout = 1
        let harness = try DeliveryHarness(receivers: [settings])
        try harness.notify(.raised, receivers: ["cmms"])

        receiver.respond { _ in .delayed(3, .status(200)) }
        #expect(await harness.round().failed == 1)
        #expect(try harness.entries().first?.lastError?.contains("no answer within") == true)

        receiver.respond { _ in .hangUp }
        harness.now += 10
        #expect(await harness.round().failed == 1)

        receiver.respond { _ in .slowBody(200, chunks: ["{", "\"a\"", ":", "1", "}"], interval: 0.6) }
        harness.now += 20
        #expect(await harness.round().failed == 1)
        #expect(try harness.entries().first?.lastError?.contains("no answer within") == true)

        // Nothing listening: the connection is refused.
        let refusing = try HTTPReceiver.refusingPort()
        var moved = settings
        moved.url = "http://127.0.0.1:\(refusing.port)/hook"
        harness.dispatcher.configure(["cmms": moved])
        harness.now += 40
        #expect(await harness.round().failed == 1)
        let refused = try harness.entries().first?.lastError ?? ""
        #expect(refused.contains("no connection"), "\(refused)")

        harness.dispatcher.configure(["cmms": settings])
        receiver.respond { _ in .slowBody(200, chunks: ["{", "}"], interval: 0.05) }
        harness.now += 80
        let last = await harness.round()
        let final = try harness.entries().first
        #expect(last.delivered == 1, "\(String(describing: final)) \(receiver.requests.map { "\($0.receivedAt.timeIntervalSince1970)" })")
        #expect(final?.attempts == 5)
    }

    @Test func slowButCompleteBodiesAreDelivered() async throws {
        let receiver = try await HTTPReceiver()
        receiver.respond { _ in .slowBody(200, chunks: ["{", "}"], interval: 0.05) }
        let harness = try DeliveryHarness(receivers: [.hook("cmms", port: receiver.port)])
        try harness.notify(.raised, receivers: ["cmms"])
        let report = await harness.round()
        let error = try harness.entries().first?.lastError
        #expect(report.delivered == 1, "\(String(describing: error))")
    }

    @Test func deadLetterAfterMaxAttemptsAndAtOnceForPermanentErrors() async throws {
        let receiver = try await HTTPReceiver()
        receiver.respond { request in request.uri == "/bad" ? .status(400, body: "missing field") : .status(500) }
        let harness = try DeliveryHarness(receivers: [.hook("cmms", port: receiver.port, maxAttempts: 3),
                                                      .hook("strict", port: receiver.port, path: "/bad")])
        try harness.notify(.raised, receivers: ["cmms", "strict"])
        #expect(await harness.round().attempted == 2)
        var dead = try harness.database.deadLetters()
        #expect(dead.map(\.receiver) == ["strict"], "a 400 is not retried")
        #expect(dead.first?.lastError?.contains("HTTP 400: missing field") == true)
        for _ in 0..<5 {
            harness.now += 1000
            await harness.round()
        }
        dead = try harness.database.deadLetters()
        #expect(Set(dead.map(\.receiver)) == ["cmms", "strict"])
        #expect(receiver.requests.filter { $0.uri == "/hook" }.count == 3, "max attempts, then no more")
        let journal = try harness.database.journal(for: AlarmKey(asset: "pump-1", rule: "bearing-hot"))
        #expect(journal.filter { $0.cause == .notificationDead }.count == 2, "dead letters are journaled")

        // Put back by an operator: tried again.
        receiver.respond { _ in .status(200) }
        #expect(try harness.database.redeliver(dead.filter { $0.receiver == "cmms" }.map(\.id), now: harness.now) == 1)
        #expect(await harness.round().delivered == 1)
        #expect(try harness.database.deadLetters().map(\.receiver) == ["strict"])
    }

    @Test func circuitBreakerOpensHoldsDeliveriesAndClosesAfterAProbe() async throws {
        let receiver = try await HTTPReceiver()
        receiver.respond { _ in .status(502) }
        let harness = try DeliveryHarness(receivers: [.hook("cmms", port: receiver.port, maxAttempts: 50, failures: 3, openFor: 60)])
        for index in 0..<6 { try harness.notify(.raised, asset: "pump-\(index)", receivers: ["cmms"]) }
        // Parallel attempts: all six go in the first round, three failures open the breaker.
        await harness.round()
        #expect(harness.dispatcher.breaker("cmms")?.isOpen(now: harness.now) == true)
        let sent = receiver.requests.count
        harness.now += 30
        let held = await harness.round()
        #expect(held.attempted == 0 && receiver.requests.count == sent, "nothing is sent while the circuit is open")
        // After open_for, a single probe: it fails, and the circuit opens again.
        harness.now += 300
        let failedProbe = await harness.round()
        #expect(failedProbe.attempted == 1 && receiver.requests.count == sent + 1, "one probe only")
        #expect(harness.dispatcher.breaker("cmms")?.isOpen(now: harness.now) == true)
        // The next probe succeeds and closes the circuit; the rest follow at once.
        receiver.respond { _ in .status(200) }
        harness.now += 300
        let probe = await harness.round()
        #expect(probe.delivered == 6)
        #expect(harness.dispatcher.breaker("cmms")?.state == .closed)
        #expect(receiver.requests.count == sent + 1 + 6)
    }

    @Test func theFallbackReceiverGetsWhatTheFirstCannotTake() async throws {
        let receiver = try await HTTPReceiver()
        receiver.respond { request in request.uri == "/primary" ? .status(500) : .status(200) }
        var primary = ReceiverSettings.hook("cmms", port: receiver.port, path: "/primary", maxAttempts: 10)
        primary.fallback = .init(receiver: "pager", after: 2)
        let harness = try DeliveryHarness(receivers: [primary, .hook("pager", port: receiver.port, path: "/pager")])
        let intent = try harness.notify(.raised, receivers: ["cmms"])
        await harness.round()
        #expect(receiver.requests.filter { $0.uri == "/pager" }.isEmpty, "one failure: not yet")
        harness.now += 10
        await harness.round()  // second failure: the copy for the fallback is queued
        harness.now += 0.001
        await harness.round()
        let paged = receiver.requests.filter { $0.uri == "/pager" }
        #expect(paged.count == 1)
        #expect(paged.first?.header("Idempotency-Key") == intent.idempotencyKey + "/pager")
        #expect(paged.first?.json?["receiver"] as? String == "pager")
        // The primary keeps trying; the fallback is not told twice.
        harness.now += 1000
        await harness.round()
        harness.now += 1000
        await harness.round()
        #expect(receiver.requests.filter { $0.uri == "/pager" }.count == 1)
    }

    @Test func signaturesVerifyWithTheReceiversSecret() async throws {
        let receiver = try await HTTPReceiver()
        var settings = ReceiverSettings.hook("cmms", port: receiver.port)
        settings.secret = "s3cret-from-env"
        let harness = try DeliveryHarness(receivers: [settings])
        try harness.notify(.raised, receivers: ["cmms"])
        await harness.round()
        let request = try #require(receiver.requests.first)
        let header = try #require(request.header("X-PDM-Signature"))
        let expected = HMAC<SHA256>.authenticationCode(for: request.body, using: SymmetricKey(data: Array("s3cret-from-env".utf8)))
        #expect(header == "sha256=" + expected.map { String(format: "%02x", $0) }.joined())
        let forged = HMAC<SHA256>.authenticationCode(for: request.body, using: SymmetricKey(data: Array("other".utf8)))
        #expect(header != "sha256=" + forged.map { String(format: "%02x", $0) }.joined())
    }

    @Test func notificationsOfOneAlarmGoInOrder() async throws {
        let receiver = try await HTTPReceiver()
        let failFirst = Counter(1)
        receiver.respond { _ in failFirst.take() ? .status(503) : .status(200) }
        let harness = try DeliveryHarness(receivers: [.hook("cmms", port: receiver.port)])
        try harness.notify(.raised, receivers: ["cmms"])
        try harness.notify(.cleared, receivers: ["cmms"])
        let start = harness.now
        await harness.round()
        #expect(receiver.requests.count == 1, "the clear waits for the raise")
        #expect(try harness.database.nextNotificationDue() == start + 10,
                "the clear is due when the raise is retried, not before (no busy loop)")
        harness.now += 10
        await harness.round()
        harness.now += 0.001
        await harness.round()
        #expect(receiver.requests.compactMap { $0.json?["kind"] as? String } == ["raised", "raised", "cleared"])
    }
}

/// A thread-safe countdown for scripted replies.
final class Counter: Sendable {
    private let remaining: Mutex<Int>
    init(_ count: Int) { remaining = Mutex(count) }
    /// True (and one less) while any are left.
    func take() -> Bool {
        remaining.withLock { value in
            guard value > 0 else { return false }
            value -= 1
            return true
        }
    }
}
