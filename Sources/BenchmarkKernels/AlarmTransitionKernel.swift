import AlarmEngine
import AlarmStore

/// Alarms raised and cleared as fast as the engine and the database allow: every reading crosses
/// the limit one way or the other, so every reading is a transition, journaled, saved and (for
/// raises) queued in the outbox; cleared alarms are acknowledged, so the next raise is a new
/// occurrence. It resumes from whatever the database holds.
package struct AlarmTransitionKernel {
    static let settings = AlarmSettings(
        rules: [AlarmRule(name: "temp-high", channel: "temp", condition: .threshold(.above, limit: 90, deadband: 5),
                          priority: .high, escalation: "console")],
        policies: ["console": EscalationPolicy(name: "console", levels: [.init(after: 0, receivers: ["console"])])],
        chatter: nil, flood: nil)

    private let store: AlarmDatabase
    private let assets: Int
    private var engine: AlarmCore
    private var active: [String: Bool]
    private var now: Double
    private var pending: [AlarmAction] = []
    private var readings = 0
    /// Alarms found in the database at the start.
    package let restored: Int

    package init(store: AlarmDatabase, assets: Int) throws(StoreError) {
        self.store = store
        self.assets = assets
        let alarms = try store.loadAlarms()
        restored = alarms.count
        now = (alarms.map(\.changedAt).max() ?? 1_000) + 1
        engine = AlarmCore(settings: Self.settings, restoring: alarms, now: now)
        // Continue each asset from its stored condition so every reading is a transition.
        active = Dictionary(alarms.map { ($0.key.asset, $0.conditionActive) }, uniquingKeysWith: { $1 })
    }

    /// One reading per asset, committed `batch` readings per transaction (counting across passes):
    /// the transitions journaled.
    package mutating func pass(batch: Int) throws(StoreError) -> Int {
        var transitions = 0
        for index in 0..<assets {
            let asset = "asset-\(index)"
            let raise = !(active[asset] ?? false)
            active[asset] = raise
            now += 0.001
            var actions = engine.observe(.reading(asset: asset, channel: "temp", value: raise ? 95 : 70), now: now)
            if !raise, let alarm = engine.alarm(AlarmKey(asset: asset, rule: "temp-high")), !alarm.acknowledged {
                actions += (try? engine.apply(.acknowledge(alarm.key, user: "bench", comment: nil), now: now)) ?? []
            }
            transitions += actions.reduce(0) { if case .journal = $1 { $0 + 1 } else { $0 } }
            pending += actions
            readings += 1
            if readings % batch == 0 {
                try store.apply(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        return transitions
    }

    /// Commits what waits for a full batch.
    package mutating func finish() throws(StoreError) {
        try store.apply(pending)
        pending.removeAll()
    }
}
