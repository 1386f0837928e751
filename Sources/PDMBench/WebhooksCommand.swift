import AlarmEngine
import AlarmStore
import ArgumentParser
import Foundation
import Logging
import Notifiers
import PDMConfig

/// Webhook delivery throughput: `--count` notifications in the outbox of a SQLite file, delivered
/// by the dispatcher's delivery loop (signed generic payloads, `--parallelism` requests in flight,
/// every outcome written) to an HTTP receiver on loopback; against curl sending the same bodies to the same
/// receiver with the same parallelism and no bookkeeping. Prints the BENCH line.
struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "webhooks")

    @Option(help: "Notifications.") var count = 3000
    @Option(help: "Requests in flight.") var parallelism = 8

    func run() async throws {
        let receiver = try await BenchReceiver()
        defer { receiver.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-bench-hooks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try AlarmDatabase(path: directory.appendingPathComponent("outbox.sqlite").path)
        let settings = ReceiverSettings(name: "cmms", kind: .webhook, url: "http://127.0.0.1:\(receiver.port)/work-orders",
                                        headers: ["Authorization": "Bearer bench"], secret: "bench-secret")
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let dispatcher = OutboxDispatcher(database: database, receivers: ["cmms": settings], publisher: nil,
                                          topicPrefix: "pdm", logger: logger, parallelism: parallelism)
        // The outbox: one raised alarm per asset.
        let now = Date().timeIntervalSince1970
        var actions: [AlarmAction] = []
        for index in 0..<count {
            let key = AlarmKey(asset: "pump-\(index)", rule: "bearing-hot")
            var alarm = Alarm(key: key, priority: .high, area: "pump-house", message: "bearing temperature high", now: now)
            alarm.occurrence = 1
            alarm.conditionActive = true
            alarm.acknowledged = false
            actions += [.save(alarm), .notify(NotificationIntent(kind: .raised, key: key, occurrence: 1, step: "level-0",
                                                                  receivers: ["cmms"], time: now, priority: .high,
                                                                  state: alarm.state, value: 97.5,
                                                                  message: "bearing temperature high", level: 0))]
            if actions.count >= 1000 {
                try database.apply(actions)
                actions.removeAll()
            }
        }
        try database.apply(actions)

        // The dispatcher as pdm runs it: page after page, the next read while one is delivered.
        let start = Date()
        let delivering = Task { await dispatcher.deliver() }
        while receiver.idempotencyKeys < count, Date().timeIntervalSince(start) < 120 {
            try await Task.sleep(for: .milliseconds(1))
        }
        // Its last round writes the last outcomes before it returns.
        dispatcher.finish()
        await delivering.value
        let ours = Double(count) / Date().timeIntervalSince(start)
        let delivered = receiver.idempotencyKeys
        guard delivered == count else {
            throw ValidationError("the receiver saw \(delivered) of \(count) notifications")
        }
        guard try database.pendingNotifications(limit: 1).isEmpty else {
            throw ValidationError("outcomes of delivered notifications were not written")
        }

        // Anchor: curl, same receiver, same body size, same parallelism.
        let body = directory.appendingPathComponent("body.json")
        try Data(receiver.firstBody ?? []).write(to: body)
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        curl.arguments = ["curl", "--silent", "--no-progress-meter", "--parallel", "--parallel-max", "\(parallelism)", "--parallel-immediate",
                          "-H", "Content-Type: application/json", "-H", "Authorization: Bearer bench",
                          "--data-binary", "@\(body.path)", "http://127.0.0.1:\(receiver.port)/anchor/[1-\(count)]"]
        curl.standardOutput = FileHandle.nullDevice
        curl.standardError = FileHandle.nullDevice
        let anchorStart = Date()
        try curl.run()
        curl.waitUntilExit()
        let anchor = Double(count) / Date().timeIntervalSince(anchorStart)
        let anchored = receiver.count(under: "/anchor/")
        guard curl.terminationStatus == 0, anchored == count else {
            throw ValidationError("curl exited \(curl.terminationStatus) after \(anchored) of \(count) requests")
        }
        print(String(format: "BENCH webhook_delivery %.0f deliveries/s anchor=%.0f ratio=%.3f", ours, anchor, ours / anchor))
    }
}
