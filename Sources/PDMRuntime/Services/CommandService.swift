import AlarmEngine
import AlarmStore
import Foundation
import Logging
import MQTTClient
import Metrics
import PDMConfig
import ServiceLifecycle

/// Applies operator commands one at a time, whatever their source:
/// - the HTTP API, in this process, answered once the command's consequences are committed;
/// - MQTT messages on `<prefix>/commands/<action>`, handed over by the ingest service and
///   answered on their response topic;
/// - the command queue in the database, for commands from other processes (`pdm alarms`),
///   looked at every second.
///
/// Every command is queued in the database before it is applied, so each is audited the same way,
/// and marked done in the transaction that commits its consequences. One loop takes every source,
/// so no command is applied twice.
package final class CommandService: Service, Sendable {
    enum Request: Sendable {
        /// From the HTTP API: answered once committed.
        case local(OperatorCommand, answer: Promise<CommandOutcome>)
        /// From MQTT: `taken` once its decisions (and `receipts`) are with the journal writer.
        case mqtt(MQTTMessage, receipts: [MQTTReceipt], taken: Promise<Void>)
        /// The journal writer committed (or, stopping, gave up on) a command.
        case committed(id: Int64, Bool)
        /// Time to look at the queue in the database.
        case poll
    }

    let configuration: PDMConfiguration
    let database: any StateStore
    let pipeline: SharedPipeline
    let journal: AlarmJournalWriter
    let publisher: PublisherService
    let logger: Logger
    private let requests: AsyncStream<Request>
    private let requester: AsyncStream<Request>.Continuation

    init(configuration: PDMConfiguration, database: any StateStore, pipeline: SharedPipeline, journal: AlarmJournalWriter,
         publisher: PublisherService, logger: Logger) {
        self.configuration = configuration
        self.database = database
        self.pipeline = pipeline
        self.journal = journal
        self.publisher = publisher
        self.logger = logger
        (requests, requester) = AsyncStream.makeStream(of: Request.self)
    }

    /// `<prefix>/commands/`: operator commands over MQTT.
    var topicPrefix: String { configuration.topicPrefix + "/commands/" }

    /// Applies `command` and answers once its consequences are committed. When the service is
    /// stopping, or does not answer within `timeout`, the command waits in the queue and the
    /// outcome says `pending`.
    package func perform(_ command: OperatorCommand, timeout: Duration = .seconds(10)) async throws(StoreError) -> CommandOutcome {
        let answer = Promise<CommandOutcome>()
        if case .terminated = requester.yield(.local(command, answer: answer)) {
            let id = try await database.perform(.enqueue(command, now: Date().timeIntervalSince1970))
            return CommandOutcome(status: .pending, result: "the service is stopping; the command is queued for its next start", id: id)
        }
        return await answer.value(within: timeout)
            ?? CommandOutcome(status: .pending, result: "the service has not answered yet", id: nil)
    }

    /// Hands an MQTT command message over, with the receipts to acknowledge behind it, and waits
    /// until it is taken, so receipts are acknowledged in the order their messages arrived. Returns
    /// false when the service has stopped: the receipts stay with the caller.
    func take(_ message: MQTTMessage, receipts: [MQTTReceipt]) async -> Bool {
        let taken = Promise<Void>()
        if case .terminated = requester.yield(.mqtt(message, receipts: receipts, taken: taken)) { return false }
        // Cancelled while waiting: the request is queued and owns the receipts all the same.
        _ = await taken.value()
        return true
    }

    package func run() async {
        let polling = Task { [requester] in
            while (try? await Task.sleep(for: .seconds(1))) != nil {
                if case .terminated = requester.yield(.poll) { return }
            }
        }
        defer { polling.cancel() }
        var loop = Loop()
        await withGracefulShutdownHandler {
            for await request in requests {
                await handle(request, &loop)
            }
        } onGracefulShutdown: { [requester] in
            requester.finish()
        }
        // Whoever still waits hears that the command stays queued.
        for (_, answers) in loop.waiting {
            for answer in answers { answer.abandon() }
        }
    }

    /// What the loop keeps between requests.
    struct Loop {
        /// Commands with the journal writer, not yet committed: the queue still shows them pending,
        /// and they must not be applied again. Their waiting HTTP answers.
        var waiting: [Int64: [Promise<CommandOutcome>]] = [:]
    }

    private func handle(_ request: Request, _ loop: inout Loop) async {
        let now = Date().timeIntervalSince1970
        switch request {
        case .local(let command, let answer):
            do {
                let id = try await database.perform(.enqueue(command, now: now))
                if let refused = await apply(command, id: id, now: now, loop: &loop) {
                    answer.fulfil(refused)
                } else {
                    loop.waiting[id, default: []].append(answer)
                }
            } catch {
                logger.error("command not queued", metadata: ["command": "\(command)", "error": "\(error)"])
                answer.fulfil(CommandOutcome(status: .failed, result: "\(error)", id: nil))
            }
        case .mqtt(let message, let receipts, let taken):
            await handle(message, receipts: receipts, now: now, loop: &loop)
            taken.fulfil(())
        case .committed(let id, let done):
            for answer in loop.waiting.removeValue(forKey: id) ?? [] {
                answer.fulfil(done ? CommandOutcome(status: .applied, result: "applied", id: id)
                                   : CommandOutcome(status: .pending, result: "not yet committed; it stays queued", id: id))
            }
        case .poll:
            do {
                for queued in try await database.perform(.pendingCommands(shard: database.shard)) where loop.waiting[queued.id] == nil {
                    guard let command = queued.command else {
                        try await database.perform(.complete(queued.id, status: .refused, result: "unknown command", now: now))
                        continue
                    }
                    _ = await apply(command, id: queued.id, now: now, loop: &loop)
                }
            } catch {
                logger.error("command queue unavailable", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Applies a queued command through the engine. Applied: its consequences and its completion go
    /// to the journal writer together (nil is returned; the outcome follows once committed).
    /// Refused: marked so at once, and the outcome returned. `receipts` (of the MQTT message that
    /// carried the command, and those before it) are acknowledged once the outcome is committed.
    func apply(_ command: OperatorCommand, id: Int64, now: Double, receipts: [MQTTReceipt] = [],
               loop: inout Loop) async -> CommandOutcome? {
        do {
            let actions = try pipeline.state.withLock { pipeline throws(AlarmCommandError) in
                try pipeline.apply(command, now: now)
            }
            loop.waiting[id] = loop.waiting[id] ?? []
            journal.append(actions, completing: id, result: CommandStatus.applied.rawValue, receipts: receipts) { [requester] done in
                requester.yield(.committed(id: id, done))
            }
            logger.notice("operator command applied", metadata: ["command": "\(command)"])
            return nil
        } catch {
            let outcome = CommandOutcome(status: .refused, result: "\(error)", id: id)
            do {
                try await database.perform(.complete(id, status: .refused, result: outcome.result, now: now))
            } catch {
                logger.error("refused command not marked", metadata: ["command": "\(command)", "error": "\(error)"])
            }
            journal.append([], receipts: receipts)
            logger.warning("operator command refused", metadata: ["command": "\(command)", "error": "\(error)"])
            return outcome
        }
    }
}
