/// The condition of one rule on one asset: a pure state machine fed with observations and the
/// time, applying hysteresis, on- and off-delays, sensor-health timers and severity steps.
package struct RuleEvaluator: Sendable, Hashable {
    /// What changed.
    package enum Change: Sendable, Hashable {
        case none
        /// The condition became active (after its on-delay) with this priority.
        case activate(value: Double?, priority: Priority)
        /// The condition cleared (after its off-delay).
        case clear(value: Double?)
        /// Still active, at another priority.
        case reprioritise(Priority, value: Double?)
    }

    /// The rule, shared by reference: evaluators are copied on the hot path, rules are large.
    private let box: RuleBox
    package var rule: AlarmRule { box.rule }
    /// The condition after delays: what the alarm follows.
    package private(set) var isActive = false
    /// The condition right now, before delays.
    private var raw = false
    private var rawSince = 0.0
    private var lastValue: Double?
    private var lastSeen: Double?
    private var stuckValue: Double?
    private var stuckSince = 0.0
    private var stepsReached = 0
    package private(set) var priority: Priority

    /// - Parameter active: the condition as last persisted (an alarm restored after a restart), so
    ///   that the next clear observation clears it.
    package init(rule: AlarmRule, active: Bool = false, now: Double = 0) {
        self.init(box: RuleBox(rule), active: active, now: now)
    }

    init(box: RuleBox, active: Bool = false, now: Double = 0) {
        self.box = box
        let rule = box.rule
        priority = rule.priority
        isActive = active
        raw = active
        rawSince = now
    }

    /// Feeds one observation of the rule's channel (or remaining life) at `now`.
    package mutating func observe(_ observation: Observation, now: Double) -> Change {
        guard let measure = measure(of: observation) else { return .none }
        lastValue = measure
        lastSeen = now
        let previous = raw
        switch rule.condition {
        case .threshold, .rateOfChange, .anomaly, .remainingLife:
            guard let limit = rule.condition.limit else { break }
            raw = raw ? !Self.inside(measure, limit.direction, limit.limit, by: limit.deadband)
                      : Self.beyond(measure, limit.direction, limit.limit)
        case .outOfRange(let low, let high):
            raw = measure < low || measure > high
        case .stuck(let seconds, let tolerance):
            if let anchor = stuckValue, abs(measure - anchor) <= tolerance {
                raw = now - stuckSince >= seconds
            } else {
                stuckValue = measure
                stuckSince = now
                raw = false
            }
        case .noData:
            raw = false
        case .sensorFault:
            if case .sensorFault = observation { raw = true } else { raw = false }
        case .communicationLost:
            raw = measure > 0
        }
        if raw != previous { rawSince = now }
        return settle(now: now)
    }

    /// Advances time: delays and sensor-health timers.
    package mutating func tick(now: Double) -> Change {
        switch rule.condition {
        case .noData(let seconds):
            if let seen = lastSeen, !raw, now - seen >= seconds {
                raw = true
                rawSince = seen + seconds
            }
        case .stuck(let seconds, _):
            if stuckValue != nil, !raw, now - stuckSince >= seconds {
                raw = true
                rawSince = stuckSince + seconds
            }
        case .threshold, .rateOfChange, .anomaly, .remainingLife, .outOfRange, .sensorFault, .communicationLost:
            // Judged on observations only: time alone changes nothing.
            break
        }
        return settle(now: now)
    }

    /// The next time `tick` may change something.
    package var deadline: Double? {
        var earliest: Double?
        if raw != isActive { earliest = rawSince + (raw ? rule.onDelay : rule.offDelay) }
        var timer: Double?
        switch rule.condition {
        case .noData(let seconds): if let seen = lastSeen, !raw { timer = seen + seconds }
        case .stuck(let seconds, _): if stuckValue != nil, !raw { timer = stuckSince + seconds }
        case .threshold, .rateOfChange, .anomaly, .remainingLife, .outOfRange, .sensorFault, .communicationLost: break
        }
        if let timer { earliest = min(earliest ?? timer, timer) }
        return earliest
    }

    private mutating func settle(now: Double) -> Change {
        if raw != isActive {
            let delay = raw ? rule.onDelay : rule.offDelay
            guard now - rawSince >= delay else { return .none }
            isActive = raw
            if isActive {
                stepsReached = 0
                priority = updatedPriority()
                return .activate(value: lastValue, priority: priority)
            }
            stepsReached = 0
            priority = rule.priority
            return .clear(value: lastValue)
        }
        guard isActive else { return .none }
        let next = updatedPriority()
        guard next != priority else { return .none }
        priority = next
        return .reprioritise(next, value: lastValue)
    }

    /// Severity steps reached by the measure, with the deadband as hysteresis on the way back.
    private mutating func updatedPriority() -> Priority {
        guard let measure = lastValue, let limit = rule.condition.limit, !rule.severity.isEmpty else {
            return rule.priority
        }
        var reached = 0
        for (index, step) in rule.severity.enumerated() {
            let holding = index < stepsReached
                ? !Self.inside(measure, limit.direction, step.limit, by: limit.deadband)
                : Self.beyond(measure, limit.direction, step.limit)
            if holding { reached = index + 1 }
        }
        stepsReached = reached
        let candidates = [rule.priority] + rule.severity.prefix(reached).map(\.priority)
        return candidates.max() ?? rule.priority
    }

    /// The figure of `observation` the condition judges; nil when the observation says nothing to it.
    private func measure(of observation: Observation) -> Double? {
        switch observation {
        case .reading(_, _, let value, let rate, let anomaly):
            switch rule.condition {
            case .rateOfChange: rate
            case .anomaly(_, _, let direction): anomaly?.toward(direction)
            case .threshold, .noData, .stuck, .outOfRange, .sensorFault: value
            case .remainingLife, .communicationLost: nil
            }
        case .remainingLife(_, let median, let lower, _):
            switch rule.condition {
            case .remainingLife(_, let bound, _):
                switch bound {
                case .lower: lower
                case .median: median
                }
            case .threshold, .rateOfChange, .anomaly, .noData, .stuck, .outOfRange, .sensorFault, .communicationLost: nil
            }
        case .sensorFault(_, _, let code):
            switch rule.condition {
            case .sensorFault: Double(code)
            case .threshold, .rateOfChange, .anomaly, .remainingLife, .noData, .stuck, .outOfRange, .communicationLost: nil
            }
        case .communicationLost, .communicationRestored:
            switch rule.condition {
            case .communicationLost: if case .communicationLost = observation { 1 } else { 0 }
            case .threshold, .rateOfChange, .anomaly, .remainingLife, .noData, .stuck, .outOfRange, .sensorFault: nil
            }
        }
    }

    static func beyond(_ value: Double, _ direction: RuleCondition.Direction, _ limit: Double) -> Bool {
        direction == .above ? value > limit : value < limit
    }

    static func inside(_ value: Double, _ direction: RuleCondition.Direction, _ limit: Double, by deadband: Double) -> Bool {
        direction == .above ? value <= limit - deadband : value >= limit + deadband
    }
}

/// An immutable rule held by reference.
final class RuleBox: Sendable, Hashable {
    let rule: AlarmRule

    init(_ rule: AlarmRule) {
        self.rule = rule
    }

    static func == (lhs: RuleBox, rhs: RuleBox) -> Bool { lhs.rule == rhs.rule }

    func hash(into hasher: inout Hasher) { hasher.combine(rule) }
}
