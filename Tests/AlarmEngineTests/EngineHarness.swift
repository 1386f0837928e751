@testable import AlarmEngine

/// Drives an ``AlarmCore`` with a test clock and keeps everything it decided.
struct EngineHarness {
    var core: AlarmCore
    var now: Double = 1_000
    var actions: [AlarmAction] = []

    init(_ settings: AlarmSettings, restoring: [Alarm] = [], now: Double = 1_000) {
        self.now = now
        core = AlarmCore(settings: settings, restoring: restoring, now: now)
    }

    mutating func read(_ asset: String, _ channel: String, _ value: Double, rate: Double? = nil, anomaly: Double? = nil,
                       fall: Double = 0) {
        let level = anomaly.map { AnomalyLevel(up: $0, down: fall) }
        actions += core.observe(.reading(asset: asset, channel: channel, value: value, rate: rate, anomaly: level), now: now)
    }

    mutating func life(_ asset: String, median: Double, lower: Double) {
        actions += core.observe(.remainingLife(asset: asset, median: median, lower: lower, upper: median * 2), now: now)
    }

    /// Moves the clock and ticks, as the runtime does at each deadline.
    mutating func advance(_ seconds: Double) {
        now += seconds
        actions += core.tick(now: now)
    }

    mutating func command(_ command: OperatorCommand) throws {
        actions += try core.apply(command, now: now)
    }

    func state(_ asset: String, _ rule: String) -> AlarmState? {
        core.alarm(AlarmKey(asset: asset, rule: rule))?.state
    }

    var journal: [AlarmTransition] {
        actions.compactMap { if case .journal(let entry) = $0 { entry } else { nil } }
    }

    var notifications: [NotificationIntent] {
        actions.compactMap { if case .notify(let intent) = $0 { intent } else { nil } }
    }

    /// "from>to:cause" of every journal entry of `rule`.
    func path(_ rule: String) -> [String] {
        journal.filter { $0.key.rule == rule }.map { "\($0.from.rawValue)>\($0.to.rawValue):\($0.cause.rawValue)" }
    }

    mutating func clear() { actions.removeAll() }
}

extension AlarmRule {
    static func high(_ name: String = "temp-high", channel: String = "temp", limit: Double = 90, deadband: Double = 5,
                     priority: Priority = .high, escalation: String? = nil, latched: Bool = false,
                     onDelay: Double = 0, offDelay: Double = 0, severity: [SeverityStep] = []) -> AlarmRule {
        AlarmRule(name: name, channel: channel, condition: .threshold(.above, limit: limit, deadband: deadband),
                  priority: priority, severity: severity, onDelay: onDelay, offDelay: offDelay, latched: latched,
                  escalation: escalation, message: "\(channel) above \(limit)")
    }
}
