import AlarmEngine
import AlarmStore
import Foundation
import Logging
import MQTTClient
import PDMConfig
@testable import PDMRuntime
import ServiceLifecycle
import Testing
import TestSupport

/// The command service in this process, on a real SQLite file and on a real PostgreSQL server. Its
/// MQTT client points at a port nobody listens on: commands never need the broker.
@Suite("Command service")
struct CommandServiceTests {
    static let yaml = """
        broker: {host: 127.0.0.1, port: 9}
        topics: {prefix: pdm}
        subscriptions: [{topic: "plant/{asset}/{channel}"}]
        rules:
          - {name: hot, channel: temp, above: 90, priority: high}
        """
    let key = AlarmKey(asset: "pump-1", rule: "hot")

    /// Runs the services (without the client) around a raised alarm; `body` gets them and the database.
    func withServices(_ kind: StoreKind, _ body: (PDMServices, any StateStore) async throws -> Void) async throws {
        try await kind.withStores { stores in try await withServices(on: stores[0], body) }
    }

    func withServices(on database: any StateStore, _ body: (PDMServices, any StateStore) async throws -> Void) async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let configuration = try PDMConfiguration.parse(yaml: Self.yaml, file: "t.yaml", environment: [:])
        let client = MQTTClient(configuration: configuration.mqttClientConfiguration, logger: logger)
        let services = try await PDMServices(configuration: configuration, client: client, models: ModelLibrary(), database: database,
                                       logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: services.services, logger: logger))
        let running = Task { try await group.run() }
        // The publisher waits for a broker that never comes: the group is cancelled, not shut down.
        defer { running.cancel() }
        let raised = services.pipeline.state.withLock {
            $0.handle(topic: "plant/pump-1/temp", payload: Array(#"{"value": 95}"#.utf8), receivedAt: Date().timeIntervalSince1970)
        }
        for case .alarms(let actions) in raised { services.journal.append(actions) }
        try await body(services, database)
    }

    @Test("an HTTP command is answered once its consequences are committed", arguments: StoreKind.available)
    func answeredAfterCommit(_ kind: StoreKind) async throws {
        try await withServices(kind) { services, database in
            // The bound is generous because other suites may hold both cores of a small machine.
            let outcome = try await services.commands.perform(.acknowledge(key, user: "jdoe", comment: "on it"), timeout: .seconds(120))
            #expect(outcome.status == .applied)
            let id = try #require(outcome.id)
            // Both are in the database by the time the answer comes.
            #expect(try await database.perform(.command(id))?.status == .applied)
            #expect(try await database.perform(.alarm(key))?.acknowledged == true)
            #expect(try await database.perform(.journal(for: key)).contains { $0.cause == .acknowledged && $0.user == "jdoe" })
        }
    }

    @Test("a refused command is answered with the engine's reason and marked refused", arguments: StoreKind.available)
    func refusedAtOnce(_ kind: StoreKind) async throws {
        try await withServices(kind) { services, database in
            let outcome = try await services.commands.perform(.acknowledge(AlarmKey(asset: "pump-9", rule: "hot"), user: "jdoe",
                                                                           comment: nil))
            #expect(outcome.status == .refused)
            #expect(outcome.result.contains("pump-9"))
            #expect(try await database.perform(.command(try #require(outcome.id)))?.status == .refused)
        }
    }

    @Test("a command queued by another process is applied once from the queue", arguments: StoreKind.available)
    func queuedByAnotherProcess(_ kind: StoreKind) async throws {
        try await withServices(kind) { services, database in
            let id = try await database.perform(.enqueue(.acknowledge(key, user: "night-shift", comment: nil), now: Date().timeIntervalSince1970))
            // Looked at every second; the bound is generous because other suites may hold both
            // cores of a small machine for a while.
            let deadline = ContinuousClock.now + .seconds(120)
            while try await database.perform(.command(id))?.status == .pending, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try await database.perform(.command(id))?.status == .applied)
            // A second, local command on the same alarm is refused: the first was applied, once.
            let again = try await services.commands.perform(.acknowledge(key, user: "jdoe", comment: nil))
            #expect(again.status == .refused)
            #expect(try await database.perform(.journal(for: key)).filter { $0.cause == .acknowledged }.count == 1)
        }
    }
}
