import AlarmEngine
import AlarmStore
import ArgumentParser
import Foundation

/// Raises and clears alarms as fast as the engine and the database allow: every reading crosses
/// the limit one way or the other, so every reading is a transition, journaled, saved and (for
/// raises) queued in the outbox, `--batch` readings per transaction. It resumes from whatever the
/// database holds, so it can be killed and started again. Prints `transitions=<n> seconds=<t>`.
struct AlarmsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alarms")

    @Option(help: "SQLite file.") var database: String
    @Option(help: "Assets.") var assets = 200
    @Option(help: "Readings per transaction.") var batch = 64
    @Option(help: "Stop after this many seconds (0: until killed).") var seconds = 5.0

    static let settings = AlarmSettings(
        rules: [AlarmRule(name: "temp-high", channel: "temp", condition: .threshold(.above, limit: 90, deadband: 5),
                          priority: .high, escalation: "console")],
        policies: ["console": EscalationPolicy(name: "console", levels: [.init(after: 0, receivers: ["console"])])],
        chatter: nil, flood: nil)

    func run() throws {
        let store = try AlarmDatabase(path: database)
        let restored = try store.loadAlarms()
        var now = (restored.map(\.changedAt).max() ?? 1_000) + 1
        var engine = AlarmCore(settings: Self.settings, restoring: restored, now: now)
        // Continue each asset from its stored condition so every reading is a transition.
        var active = Dictionary(uniqueKeysWithValues: restored.map { ($0.key.asset, $0.conditionActive) })
        FileHandle.standardOutput.write(Data("running from \(restored.count) alarms\n".utf8))
        let start = Date()
        var transitions = 0
        var pending: [AlarmAction] = []
        var readings = 0
        while seconds <= 0 || Date().timeIntervalSince(start) < seconds {
            for index in 0..<assets {
                let asset = "asset-\(index)"
                let raise = !(active[asset] ?? false)
                active[asset] = raise
                now += 0.001
                let actions = engine.observe(.reading(asset: asset, channel: "temp", value: raise ? 95 : 70), now: now)
                // Operators acknowledge what is cleared, so the next raise is a new occurrence.
                var all = actions
                if !raise, let alarm = engine.alarm(AlarmKey(asset: asset, rule: "temp-high")), !alarm.acknowledged {
                    all += (try? engine.apply(.acknowledge(alarm.key, user: "bench", comment: nil), now: now)) ?? []
                }
                transitions += all.reduce(0) { if case .journal = $1 { $0 + 1 } else { $0 } }
                pending += all
                readings += 1
                if readings % batch == 0 {
                    try store.apply(pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
        }
        try store.apply(pending)
        let elapsed = Date().timeIntervalSince(start)
        print("transitions=\(transitions) seconds=\(elapsed)")
    }
}
