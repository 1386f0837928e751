import AlarmEngine

/// Alarms raised and cleared as fast as the engine allows: every reading crosses the limit one
/// way or the other, so every reading is a transition, journaled, saved and (for raises) queued in
/// the outbox; cleared alarms are acknowledged, so the next raise is a new occurrence. It starts
/// from stored alarms and hands out the actions in batches for a store to commit, so the same
/// load runs on either store.
package struct AlarmTransitionLoad {
    static let settings = AlarmSettings(
        rules: [AlarmRule(name: "temp-high", channel: "temp", condition: .threshold(.above, limit: 90, deadband: 5),
                          priority: .high, escalation: "console")],
        policies: ["console": EscalationPolicy(name: "console", levels: [.init(after: 0, receivers: ["console"])])],
        chatter: nil, flood: nil)

    private let assets: Int
    private var engine: AlarmCore
    private var active: [String: Bool]
    private var now: Double
    private var pending: [AlarmAction] = []
    private var readings = 0

    /// - Parameter alarms: the alarms the store holds; each asset continues from its condition.
    package init(restoring alarms: [Alarm], assets: Int) {
        self.assets = assets
        now = (alarms.map(\.changedAt).max() ?? 1_000) + 1
        engine = AlarmCore(settings: Self.settings, restoring: alarms, now: now)
        active = Dictionary(alarms.map { ($0.key.asset, $0.conditionActive) }, uniquingKeysWith: { $1 })
    }

    /// One reading per asset: the actions of every `batch` readings complete (counting across
    /// passes), in order, and the transitions journaled.
    package mutating func pass(batch: Int) -> (batches: [[AlarmAction]], transitions: Int) {
        var transitions = 0
        var batches: [[AlarmAction]] = []
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
            if readings % max(batch, 1) == 0 {
                batches.append(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        return (batches, transitions)
    }

    /// The actions waiting for a full batch.
    package mutating func rest() -> [AlarmAction] {
        defer { pending.removeAll() }
        return pending
    }
}
