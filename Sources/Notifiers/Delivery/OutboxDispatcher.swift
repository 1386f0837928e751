import AlarmEngine
import AlarmStore
import Foundation
import Logging
import Metrics
import Payloads
import PDMConfig
import Synchronization

/// Delivers the outbox: each due notification to its receiver (webhook, MQTT, log, remote
/// action), at least once, in order per alarm occurrence and receiver, with backoff, a circuit
/// breaker per receiver, fallbacks and dead letters. Every outcome is written to the database
/// before the next round, so a restart resumes where delivery stood.
///
/// Rounds are driven by ``run()`` on the wall clock, or by ``dispatchDue(now:)`` with any clock.
package final class OutboxDispatcher: Sendable {
    private struct Receiver: Sendable {
        var settings: ReceiverSettings
        var formatter: WebhookFormatter?
        var transport: WebhookTransport?
        var breaker: CircuitBreaker
        var metrics: ReceiverMetrics
    }

    /// A receiver's series in /metrics, made once (not on every delivery).
    private struct ReceiverMetrics: Sendable {
        let circuitOpen: Gauge
        let delivered: Counter
        let failed: Counter
        let dead: Counter

        init(_ receiver: String) {
            let dimensions = [("receiver", receiver)]
            circuitOpen = Gauge(label: "pdm_receiver_circuit_open", dimensions: dimensions)
            delivered = Counter(label: "pdm_notifications_delivered_total", dimensions: dimensions)
            failed = Counter(label: "pdm_notifications_failed_total", dimensions: dimensions)
            dead = Counter(label: "pdm_notifications_dead_total", dimensions: dimensions)
        }
    }

    /// Notifications read per round.
    static let pageSize = 500

    private let database: any StateStore
    private let publisher: (any NotificationPublisher)?
    private let topicPrefix: String
    private let logger: Logger
    private let parallelism: Int
    private let random: @Sendable () -> Double
    private let receivers: Mutex<[String: Receiver]>
    private let wakeSignal: AsyncStream<Void>
    private let waker: AsyncStream<Void>.Continuation

    /// - Parameters:
    ///   - parallelism: requests in flight per receiver.
    ///   - random: numbers in 0..<1 for the retry jitter.
    package init(database: any StateStore, receivers: [String: ReceiverSettings], publisher: (any NotificationPublisher)?,
                topicPrefix: String, logger: Logger, parallelism: Int = 8,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.database = database
        self.publisher = publisher
        self.topicPrefix = topicPrefix
        self.logger = logger
        self.parallelism = max(parallelism, 1)
        self.random = random
        self.receivers = Mutex([:])
        (wakeSignal, waker) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        configure(receivers)
    }

    /// Takes a new set of receivers (configuration reload); breakers of unchanged receivers stay.
    package func configure(_ settings: [String: ReceiverSettings]) {
        var built: [String: Receiver] = [:]
        let current = receivers.withLock { $0 }
        for (name, receiver) in settings {
            if let existing = current[name], existing.settings == receiver {
                built[name] = existing
                continue
            }
            var formatter: WebhookFormatter?
            if receiver.kind == .webhook {
                do {
                    formatter = try WebhookFormatter(receiver)
                } catch {
                    logger.error("receiver cannot be used", metadata: ["receiver": "\(name)", "error": "\(error)"])
                }
            }
            built[name] = Receiver(settings: receiver, formatter: formatter,
                                   transport: receiver.kind == .webhook ? WebhookTransport(timeout: receiver.timeout, maximumConnections: parallelism) : nil,
                                   breaker: CircuitBreaker(threshold: receiver.circuit.failures, openFor: receiver.circuit.openFor),
                                   metrics: ReceiverMetrics(name))
        }
        receivers.withLock { $0 = built }
    }

    /// Starts a round soon (new notifications were committed).
    package func wake() {
        waker.yield()
    }

    /// Delivers until cancelled or ``finish()``: a round whenever something is due or ``wake()``
    /// is called. While a full page is delivered the next one is read, so the receivers do not
    /// wait for the database between pages.
    package func deliver() async {
        var signals = wakeSignal.makeAsyncIterator()
        var prefetched: Page?
        while !Task.isCancelled {
            let page: Page?
            if let prefetched { page = prefetched } else { page = await readPage(now: Date().timeIntervalSince1970) }
            prefetched = nil
            if let page {
                // The next page starts after this one's last entry: an entry of this page, or one
                // behind it, cannot come twice (the one behind waits for this one's outcome).
                let next = page.entries.count >= Self.pageSize
                    ? Task { await self.readPage(now: Date().timeIntervalSince1970, after: page.entries.last?.id) } : nil
                let report = await deliver(page)
                prefetched = await next?.value
                if prefetched != nil || report.attempted + report.postponed >= Self.pageSize { continue }  // more is due right away
            }
            let now = Date().timeIntervalSince1970
            let due = (try? await database.perform(.nextNotificationDue(shard: database.shard))) ?? nil
            let wait = min(max((due ?? now + 1) - Date().timeIntervalSince1970, 0.005), 1)
            // Sleep until the next due time, or until woken by new notifications.
            let sleeper = Task { [waker] in
                guard (try? await Task.sleep(for: .seconds(wait))) != nil else { return }
                waker.yield()
            }
            let woken: Void? = await signals.next()
            sleeper.cancel()
            if woken == nil { return }
        }
    }

    /// Stops ``deliver()`` after its round.
    package func finish() {
        waker.finish()
    }

    /// One round at `now`: every due notification attempted once (as far as breakers allow), and
    /// every outcome written before it returns.
    @discardableResult
    package func dispatchDue(now: Double) async -> DispatchReport {
        guard let page = await readPage(now: now) else { return DispatchReport() }
        return await deliver(page)
    }

    /// Due notifications read together, with what their delivery needs.
    private struct Page: Sendable {
        var now: Double
        var entries: [OutboxEntry]
        var contexts: [Int64: DeliveryContext]
    }

    /// The next page due at `now` (after the entry `after`, when given); nil when none is due or
    /// the outbox cannot be read.
    private func readPage(now: Double, after: Int64? = nil) async -> Page? {
        do {
            let due = try await database.perform(.dueNotifications(now: now, shard: database.shard, after: after, limit: Self.pageSize))
            guard !due.isEmpty else { return nil }
            return Page(now: now, entries: due, contexts: try await database.perform(.deliveryContexts(for: due)))
        } catch {
            logger.error("outbox unreadable", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Attempts every entry of a page once (as far as breakers allow), and writes every outcome
    /// before it returns.
    private func deliver(_ page: Page) async -> DispatchReport {
        var report = DispatchReport()
        let now = page.now
        let writer = OutcomeWriter(database: database, logger: logger)
        let writing = Task { await writer.run() }
        let byReceiver = Dictionary(grouping: page.entries, by: \.receiver)
        let contexts = page.contexts
        let records = await withTaskGroup(of: [DeliveryRecord].self) { group in
            for (name, entries) in byReceiver {
                group.addTask { await self.deliver(entries, to: name, now: now, contexts: contexts, writer: writer) }
            }
            var all: [DeliveryRecord] = []
            for await records in group { all += records }
            return all
        }
        writer.finish()
        await writing.value
        for record in records {
            switch record {
            case .delivered: report.delivered += 1; report.attempted += 1
            case .failed: report.failed += 1; report.attempted += 1
            case .dead: report.dead += 1; report.attempted += 1
            case .awaitConfirmation: report.awaitingConfirmation += 1; report.attempted += 1
            case .postpone: report.postponed += 1
            case .fallback, .note: break
            }
        }
        if report.dead > 0 {
            Gauge(label: "pdm_notifications_dead").record((try? await database.perform(.outboxCount(deadOnly: true))) ?? 0)
        }
        return report
    }

    /// What a receiver's breaker lets through now.
    private enum Admission { case all, probe, none }

    private func admission(_ name: String, now: Double) -> Admission {
        receivers.withLock { all in
            guard var state = all[name] else { return .none }
            if case .closed = state.breaker.state { return .all }
            let probe = state.breaker.allow(now: now)
            all[name] = state
            return probe ? .probe : .none
        }
    }

    /// Delivers one receiver's due entries with up to `parallelism` requests in flight, minding
    /// its breaker: none while it is open, one probe when it is half-open.
    private func deliver(_ entries: [OutboxEntry], to name: String, now: Double, contexts: [Int64: DeliveryContext],
                         writer: OutcomeWriter) async -> [DeliveryRecord] {
        guard let receiver = receivers.withLock({ $0[name] }) else {
            let records = entries.flatMap { entry in
                let error = "receiver '\(name)' is not configured"
                return [DeliveryRecord.dead(id: entry.id, at: now, error: error),
                        .note(key: entry.intent.key, occurrence: entry.intent.occurrence, cause: .notificationDead, user: nil,
                              comment: "\(entry.intent.kind.rawValue) to \(name): \(error)", at: now)]
            }
            writer.add(records)
            return records
        }
        var done: [DeliveryRecord] = []
        var entries = entries
        if receiver.settings.kind == .webhook, let transport = receiver.transport, isClosed(name) {
            (done, entries) = await deliverAsRun(entries, to: receiver, transport: transport, now: now, contexts: contexts,
                                                 writer: writer)
        }
        // Cancelled (stopping): what was not sent stays due as it is, without an attempt counted.
        guard !entries.isEmpty, !Task.isCancelled else { return done }
        return await withTaskGroup(of: (OutboxEntry, DeliveryOutcome).self) { [entries, done] group in
            var records = done
            var next = entries.startIndex
            var running = 0
            var probing = false
            while true {
                fill: while next < entries.endIndex, running < parallelism, !probing {
                    let verdict = admission(name, now: now)
                    if verdict == .none {
                        // Open: what is left waits for the probe (a request in flight may still fail or close it).
                        if running == 0 {
                            let reopensAt = receivers.withLock { $0[name]?.breaker.reopensAt } ?? now + receiver.settings.circuit.openFor
                            let held = entries[next...].flatMap {
                                DeliveryPlanner.planWhileOpen($0, receiver: receiver.settings, reopensAt: reopensAt, now: now)
                            }
                            writer.add(held)
                            records += held
                            next = entries.endIndex
                        }
                        break fill
                    }
                    if verdict == .probe { probing = true }
                    let entry = entries[next]
                    next += 1
                    running += 1
                    let context = contexts[entry.id] ?? DeliveryContext()
                    group.addTask { (entry, await self.attempt(entry, receiver: receiver, context: context)) }
                }
                guard running > 0, let (entry, outcome) = await group.next() else { break }
                running -= 1
                probing = false
                let planned = plan(entry, receiver: receiver, outcome: outcome, now: now)
                writer.add(planned)
                records += planned
            }
            return records
        }
    }

    /// Whether a receiver's breaker is closed (asking does not take a probe slot).
    private func isClosed(_ name: String) -> Bool {
        receivers.withLock { all in
            guard case .closed = all[name]?.breaker.state else { return false }
            return true
        }
    }

    /// Delivers webhook entries while the receiver's breaker is closed, as one run of its client:
    /// the client's thread keeps `parallelism` requests in flight, starting the next as one ends,
    /// with no task per request. Requests join the run in chunks as they are prepared, so the first
    /// are on the wire while the rest are formatted and signed. Once a failure opens the breaker no
    /// further request starts; the entries not started are returned, for the loop that minds the
    /// breaker.
    private func deliverAsRun(_ entries: [OutboxEntry], to receiver: Receiver, transport: WebhookTransport, now: Double,
                              contexts: [Int64: DeliveryContext], writer: OutcomeWriter) async
        -> (records: [DeliveryRecord], left: [OutboxEntry]) {
        let name = receiver.settings.name
        let run = transport.run([], closed: false, receiver: name, window: parallelism)
        var records: [DeliveryRecord] = []
        var sent: [(entry: OutboxEntry, request: WebhookRequest)] = []
        var answered: [Bool] = []
        func take(_ answers: [CurlRun.Answer]) {
            guard !answers.isEmpty else { return }
            var planned: [DeliveryRecord] = []
            for (index, outcome) in answers {
                answered[index] = true
                let answer = WebhookTransport.answer(outcome, to: sent[index].request, receiver: name)
                planned += plan(sent[index].entry, receiver: receiver, outcome: delivery(answer, receiver.settings), now: now)
            }
            writer.add(planned)
            records += planned
            if !isClosed(name) { run.withdraw() }
        }
        // Cancelled, the run ends what is in flight as cancelled and still answers every request
        // it started: the outcome of each request sent is written.
        let prepared = await withTaskCancellationHandler {
            var prepared = 0
            var chunk: [WebhookRequest] = []
            for entry in entries {
                // The breaker opened: what is not prepared yet is not sent either.
                guard isClosed(name) else { break }
                prepared += 1
                switch prepare(entry, webhook: receiver, document: document(entry, receiver.settings, contexts[entry.id])) {
                case .send(let request):
                    sent.append((entry, request))
                    answered.append(false)
                    chunk.append(request)
                case .settled(let outcome):
                    let planned = plan(entry, receiver: receiver, outcome: outcome, now: now)
                    writer.add(planned)
                    records += planned
                }
                // The first chunk fills the window at once; later ones keep it fed.
                if chunk.count >= (sent.count <= parallelism ? parallelism : 64) {
                    run.add(chunk)
                    chunk = []
                    take(run.answersSoFar())
                }
            }
            run.add(chunk)
            run.close()
            while let answers = await run.answers() { take(answers) }
            return prepared
        } onCancel: {
            run.abandon()
        }
        let unsent = sent.indices.filter { !answered[$0] }.map { sent[$0].entry }
        return (records, unsent + entries[prepared...])
    }

    private func plan(_ entry: OutboxEntry, receiver: Receiver, outcome: DeliveryOutcome, now: Double) -> [DeliveryRecord] {
        let metrics = receiver.metrics
        let receiver = receiver.settings
        // Only a retry draws its jitter.
        let unit: Double
        if case .failed = outcome { unit = random() } else { unit = 0 }
        var records = DeliveryPlanner.plan(entry, receiver: receiver, outcome: outcome, now: now, unit: unit)
        let key = entry.intent.key, occurrence = entry.intent.occurrence
        switch outcome {
        case .delivered, .skipped:
            receivers.withLock { $0[receiver.name]?.breaker.recordSuccess() }
            metrics.circuitOpen.record(0)
            metrics.delivered.increment()
            if receiver.kind == .action, case .delivered = outcome {
                records.append(.note(key: key, occurrence: occurrence, cause: .actionSent, user: entry.confirmedBy ?? "pdm",
                                     comment: "\(receiver.name): \(entry.intent.kind.rawValue)", at: now))
            }
        case .needsConfirmation:
            records.append(.note(key: key, occurrence: occurrence, cause: .actionRequested, user: "pdm",
                                 comment: "\(receiver.name) waits for confirmation", at: now))
            logger.notice("remote action waits for confirmation", metadata: ["receiver": "\(receiver.name)",
                                                                           "asset": "\(key.asset)", "rule": "\(key.rule)"])
        case .failed(let error):
            let opened = receivers.withLock { $0[receiver.name]?.breaker.recordFailure(now: now) } ?? false
            metrics.failed.increment()
            if opened {
                metrics.circuitOpen.record(1)
                logger.error("circuit opened: receiver failing, deliveries paused",
                             metadata: ["receiver": "\(receiver.name)", "for": "\(receiver.circuit.openFor.formatted()) s"])
            }
            for record in records {
                switch record {
                case .dead:
                    metrics.dead.increment()
                    logger.error("notification given up (dead letter)", metadata: [
                        "receiver": "\(receiver.name)", "key": "\(entry.idempotencyKey)", "error": "\(error)",
                        "attempts": "\(entry.attempts + 1)"])
                    records.append(.note(key: key, occurrence: occurrence, cause: .notificationDead, user: nil,
                                         comment: "\(entry.intent.kind.rawValue) to \(receiver.name): \(error)", at: now))
                case .failed(_, _, _, let retryAt):
                    logger.warning("notification not delivered; will retry", metadata: [
                        "receiver": "\(receiver.name)", "key": "\(entry.idempotencyKey)", "error": "\(error)",
                        "retry_in": "\((retryAt - now).formatted()) s"])
                case .fallback(_, let other, _):
                    logger.warning("notification handed to the fallback receiver",
                                   metadata: ["receiver": "\(receiver.name)", "fallback": "\(other)", "key": "\(entry.idempotencyKey)"])
                default: break
                }
            }
        }
        return records
    }

    /// One attempt to deliver one entry.
    private func attempt(_ entry: OutboxEntry, receiver: Receiver, context: DeliveryContext) async -> DeliveryOutcome {
        let settings = receiver.settings
        let document = document(entry, settings, context)
        switch settings.kind {
        case .log:
            logger.notice("\(document.summary)", metadata: ["receiver": "\(settings.name)", "key": "\(entry.idempotencyKey)"])
            return .delivered(captured: [:])
        case .webhook:
            switch prepare(entry, webhook: receiver, document: document) {
            case .settled(let outcome):
                return outcome
            case .send(let request):
                guard let transport = receiver.transport else { return .failed(invalidTemplates(settings)) }
                do {
                    return delivery(.success(try await transport.send(request, receiver: settings.name)), settings)
                } catch {
                    return delivery(.failure(error), settings)
                }
            }
        case .mqtt:
            let topic = settings.topic.map { render($0, document, for: .text) } ?? "\(topicPrefix)/notifications/\(settings.name)"
            return await publish(topic: topic, payload: document.payload.jsonBytes(), settings)
        case .action:
            guard settings.actionKinds.contains(entry.intent.kind) else {
                return .skipped("\(entry.intent.kind.rawValue) does not trigger the action")
            }
            let automatic = settings.automaticRank.map { entry.intent.priority.rank >= $0 } ?? false
            if entry.confirmedBy == nil, !automatic { return .needsConfirmation }
            let topic = render(settings.topic ?? "", document, for: .text)
            let payload = render(settings.payload ?? "", document, for: .json)
            return await publish(topic: topic, payload: Array(payload.utf8), settings)
        }
    }

    /// What a notification's templates see: the entry with its alarm's context and the receiver's ticket.
    private func document(_ entry: OutboxEntry, _ settings: ReceiverSettings, _ context: DeliveryContext?) -> NotificationDocument {
        let context = context ?? DeliveryContext()
        return NotificationDocument(entry: entry, area: context.area, raisedAt: context.raisedAt,
                                    ticket: context.tickets[settings.name] ?? [:])
    }

    /// A webhook entry made ready: its request, or the outcome it has without one.
    private enum Prepared {
        case send(WebhookRequest)
        case settled(DeliveryOutcome)
    }

    private func prepare(_ entry: OutboxEntry, webhook receiver: Receiver, document: NotificationDocument) -> Prepared {
        let settings = receiver.settings
        guard let formatter = receiver.formatter, receiver.transport != nil else { return .settled(.failed(invalidTemplates(settings))) }
        do {
            guard let request = try formatter.request(for: document) else {
                return .settled(.skipped("no template for \(entry.intent.kind.rawValue)"))
            }
            try WebhookTransport.check(request, receiver: settings.name)
            return .send(request)
        } catch {
            return .settled(.failed(error))
        }
    }

    private func invalidTemplates(_ settings: ReceiverSettings) -> NotifierError {
        NotifierError(receiver: settings.name, target: settings.url ?? "", reason: .request("receiver has invalid templates"))
    }

    /// What a receiver's answer means for the delivery: delivered with the values it captures, or failed.
    private func delivery(_ answer: Result<WebhookTransport.Response, NotifierError>, _ settings: ReceiverSettings) -> DeliveryOutcome {
        switch answer {
        case .success(let response): .delivered(captured: ResponseCapture.values(settings.capture, in: response.body))
        case .failure(let error): .failed(error)
        }
    }

    private func render(_ template: String, _ document: NotificationDocument, for target: TemplateRenderer.Target) -> String {
        // Templates were parsed when the configuration was loaded.
        (try? TemplateRenderer(template, for: target))?.render(document.templateContext) ?? template
    }

    private func publish(topic: String, payload: [UInt8], _ settings: ReceiverSettings) async -> DeliveryOutcome {
        guard let publisher else {
            return .failed(NotifierError(receiver: settings.name, target: topic, reason: .publish("no MQTT connection in this process")))
        }
        do {
            try await publisher.publishNotification(topic: topic, payload: payload, qos: settings.qos, retain: settings.retain)
            return .delivered(captured: [:])
        } catch {
            return .failed(NotifierError(receiver: settings.name, target: topic, reason: .publish("\(error)")))
        }
    }

    /// The breaker of a receiver (for tests and status pages).
    package func breaker(_ receiver: String) -> CircuitBreaker? {
        receivers.withLock { $0[receiver]?.breaker }
    }
}
