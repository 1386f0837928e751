import AlarmEngine
import AlarmStore
import Foundation
import Logging
import Notifiers
import PDMConfig

/// A real SQLite outbox and a dispatcher over it, driven by a test clock.
final class DeliveryHarness {
    let path: String
    let database: AlarmDatabase
    var now = 1_700_000_000.0
    private(set) var dispatcher: OutboxDispatcher

    init(receivers: [ReceiverSettings], publisher: (any NotificationPublisher)? = nil) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-outbox-\(UUID().uuidString).sqlite").path
        database = try AlarmDatabase(path: path)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        dispatcher = OutboxDispatcher(database: database, receivers: Dictionary(uniqueKeysWithValues: receivers.map { ($0.name, $0) }),
                                      publisher: publisher, topicPrefix: "pdm", logger: logger, random: { 0 })
    }

    deinit {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Saves an alarm and queues one notification of it for `receivers`.
    @discardableResult
    func notify(_ kind: NotificationIntent.Kind, asset: String = "pump-1", rule: String = "bearing-hot", occurrence: Int = 1,
                step: String? = nil, receivers: [String], priority: Priority = .high, value: Double? = 97.5,
                message: String = "bearing temperature high") throws -> NotificationIntent {
        let key = AlarmKey(asset: asset, rule: rule)
        var alarm = Alarm(key: key, priority: priority, area: "pump-house", message: message, now: now)
        alarm.occurrence = occurrence
        alarm.conditionActive = kind != .cleared
        alarm.acknowledged = kind == .acknowledged || kind == .cleared
        alarm.value = value
        let intent = NotificationIntent(kind: kind, key: key, occurrence: occurrence, step: step ?? kind.rawValue,
                                        receivers: receivers, time: now, priority: priority, state: alarm.state,
                                        value: value, message: message, level: kind == .raised ? 0 : kind == .escalated ? 1 : nil)
        try database.apply([.save(alarm), .notify(intent)])
        return intent
    }

    @discardableResult
    func round() async -> DispatchReport {
        await dispatcher.dispatchDue(now: now)
    }

    func entries() throws -> [OutboxEntry] {
        try database.notifications(for: AlarmKey(asset: "pump-1", rule: "bearing-hot"))
    }
}

extension ReceiverSettings {
    /// A webhook to a test receiver, retrying quickly and without jitter.
    static func hook(_ name: String, port: Int, path: String = "/hook", format: Format = .generic,
                     maxAttempts: Int = 5, failures: Int = 100, openFor: Double = 60) -> ReceiverSettings {
        ReceiverSettings(name: name, kind: .webhook, url: "http://127.0.0.1:\(port)\(path)", timeout: 2, format: format,
                         retry: Retry(maxAttempts: maxAttempts, initial: 10, maximum: 300, jitter: 0),
                         circuit: Circuit(failures: failures, openFor: openFor))
    }
}
