import NameMatching

/// The alarm engine: a pure state machine over an injected time. Observations, operator commands,
/// asset states and the passing of time go in; journal entries, alarm records to store and
/// notification intents come out as ``AlarmAction``s, in the order they must be applied.
///
/// It keeps one alarm per (asset, rule), follows the ISA-18.2 lifecycle (acknowledge, latch and
/// reset, shelve, suppress by design, out of service), raises and lowers priorities with the
/// condition, shelves chattering alarms, holds low-priority alarms during an area's flood, lets a
/// sensor-health alarm inhibit the alarms of its channel, and escalates per frozen policy until
/// acknowledgement.
package struct AlarmCore: Sendable {
    /// The flood summary alarm of an area is `AlarmKey(asset: <area>, rule: floodRule)`.
    package static let floodRule = "alarm-flood"
    /// User name of the engine's own actions (chattering shelves).
    package static let systemUser = "pdm"

    private struct ChannelKey: Hashable, Sendable {
        var asset: String
        var channel: String
    }

    package let settings: AlarmSettings
    private var alarmsByKey: [AlarmKey: Alarm] = [:]
    /// Where the evaluator of each asset and rule is in ``evaluators`` (-1: none yet), in one flat
    /// array, `asset index × rule count + rule index`, so the hot path hashes the asset name once
    /// and mutates its evaluator in place. Only the rules an asset's readings reach get one: a
    /// plant of many rules over many channels holds a small index, not an evaluator, for the rest.
    private var evaluatorPositions: [Int] = []
    private var evaluators: [RuleEvaluator] = []
    private var assetIndex: [String: Int] = [:]
    private var rulesByChannel: [String: [Int]] = [:]
    private var lifeRules: [Int] = []
    /// Rules on the asset's communication (``RuleCondition/communicationLost``).
    private var communicationRules: [Int] = []
    private var rulesByName: [String: AlarmRule] = [:]
    private var ruleIndex: [String: Int] = [:]
    private var boxes: [RuleBox] = []
    private var assetStates: [String: String] = [:]
    private var floods: [String: FloodTracker] = [:]
    /// Active sensor-health alarms per channel.
    private var inhibitors: [ChannelKey: Set<AlarmKey>] = [:]
    /// When keys with a pending evaluator deadline or alarm timer next come up.
    private var timers = AlarmTimers()

    /// - Parameter restoring: alarm records from storage (after a restart).
    package init(settings: AlarmSettings, restoring: [Alarm] = [], now: Double = 0) {
        self.settings = settings
        for (index, rule) in settings.rules.enumerated() {
            rulesByName[rule.name] = rule
            ruleIndex[rule.name] = index
            boxes.append(RuleBox(rule))
            if let channel = rule.channel {
                rulesByChannel[channel, default: []].append(index)
            } else if rule.condition == .communicationLost {
                communicationRules.append(index)
            } else {
                lifeRules.append(index)
            }
        }
        for alarm in restoring {
            alarmsByKey[alarm.key] = alarm
            if let rule = rulesByName[alarm.key.rule], let slot = slot(alarm.key),
               let box = box(for: slot % settings.rules.count, asset: alarm.key.asset) {
                install(RuleEvaluator(box: box, active: alarm.conditionActive, now: now), at: slot)
                if alarm.conditionActive {
                    for channel in channels(inhibitedBy: rule) {
                        inhibitors[ChannelKey(asset: alarm.key.asset, channel: channel), default: []].insert(alarm.key)
                    }
                }
            }
            if alarm.key.rule == Self.floodRule, alarm.conditionActive {
                floods[alarm.area, default: FloodTracker()].active = true
            }
            refreshTimer(alarm.key)
        }
        restoreFloodWindows(from: restoring, now: now)
    }

    /// Counts the restored alarms raised within the flood window again, each at the time of its
    /// latest occurrence, so that a restart or a takeover neither ends a flood nor starts one that
    /// the alarms before it would not have. A time ahead of `now` (another instance's clock) counts as now.
    private mutating func restoreFloodWindows(from restoring: [Alarm], now: Double) {
        guard let flood = settings.flood else { return }
        let counted = restoring.filter { $0.key.rule != Self.floodRule && $0.raisedAt > now - flood.window }
        for (area, alarms) in Dictionary(grouping: counted, by: \.area) {
            var tracker = floods[area] ?? FloodTracker()
            for time in alarms.map({ min($0.raisedAt, now) }).sorted() { tracker.record(time, window: flood.window) }
            tracker.trim(now: now, window: flood.window)
            floods[area] = tracker
        }
    }

    // MARK: - Queries

    package func alarm(_ key: AlarmKey) -> Alarm? { alarmsByKey[key] }

    /// The rule of that name.
    package func rule(named name: String) -> AlarmRule? { rulesByName[name] }

    /// Every alarm record, in key order.
    package var alarms: [Alarm] { alarmsByKey.values.sorted { $0.key < $1.key } }

    /// The earliest time at which ``tick(now:)`` has something to do.
    package var nextDeadline: Double? {
        var earliest = timers.earliest
        func consider(_ time: Double?) {
            if let time { earliest = min(earliest ?? time, time) }
        }
        if let window = settings.flood?.window {
            for tracker in floods.values where tracker.active { consider(tracker.nextExpiry(window: window)) }
        }
        return earliest
    }

    // MARK: - Inputs

    /// Evaluates the rules that watch `observation` at `now`. With `sensorHealthOnly`, only the
    /// sensor-health rules see it (a reading rejected as implausible still tells that the sensor is
    /// out of range and alive).
    package mutating func observe(_ observation: Observation, now: Double, sensorHealthOnly: Bool = false) -> [AlarmAction] {
        let indices: [Int]
        switch observation {
        case .reading(_, let channel, _, _, _), .sensorFault(_, let channel, _): indices = rulesByChannel[channel] ?? []
        case .remainingLife: indices = lifeRules
        case .communicationLost, .communicationRestored: indices = communicationRules
        }
        guard !indices.isEmpty else { return [] }
        let asset = observation.asset
        let base = assetSlot(asset) * settings.rules.count
        var actions: [AlarmAction] = []
        for index in indices where !sensorHealthOnly || boxes[index].rule.condition.isSensorHealth {
            let slot = base + index
            let position: Int
            if let existing = evaluatorPosition(slot) {
                position = existing
            } else {
                guard let box = box(for: index, asset: asset) else { continue }
                position = install(RuleEvaluator(box: box), at: slot)
            }
            let before = evaluators[position].deadline
            let change = evaluators[position].observe(observation, now: now)
            let after = evaluators[position].deadline
            if case .none = change {
                if before == nil, after == nil { continue }
                // A deadline that moved later (a no-data timer on every reading): the key's timer
                // entry, at or before the earlier deadline, still stands.
                if let before, let after, after >= before { continue }
            }
            let rule = evaluators[position].rule
            let key = AlarmKey(asset: asset, rule: rule.name)
            apply(change, to: key, rule: rule, now: now, into: &actions)
            refreshTimer(key, slot: slot)
        }
        return actions
    }

    /// Advances time to `now`: delays, sensor-health timers, shelf expiry, escalation steps,
    /// reminders, floods ending. Steps that fell due while pdm was down fire now, each once.
    package mutating func tick(now: Double) -> [AlarmAction] {
        var actions: [AlarmAction] = []
        for key in timers.takeDue(now: now) {
            if let slot = slot(key), let position = evaluatorPosition(slot), let deadline = evaluators[position].deadline,
               deadline <= now {
                let change = evaluators[position].tick(now: now)
                apply(change, to: key, rule: evaluators[position].rule, now: now, into: &actions)
            }
            if let shelf = alarmsByKey[key]?.shelf, shelf.until <= now {
                update(key, now: now, cause: .shelfExpired, into: &actions) { alarm in alarm.shelf = nil }
            }
            fireDueSteps(key, now: now, into: &actions)
            refreshTimer(key)
        }
        endFloods(now: now, into: &actions)
        return actions
    }

    /// Applies an operator command.
    package mutating func apply(_ command: OperatorCommand, now: Double) throws(AlarmCommandError) -> [AlarmAction] {
        let key = command.key
        guard let alarm = alarmsByKey[key] else { throw .unknownAlarm(key) }
        var actions: [AlarmAction] = []
        switch command {
        case .acknowledge(_, let user, let comment):
            try Self.requireUser(user)
            guard !alarm.acknowledged else { throw .notApplicable(key, command: "acknowledge", state: alarm.state) }
            let reminder = alarm.escalation?.policy.reminder
            update(key, now: now, cause: .acknowledged, user: user, comment: comment, into: &actions) { alarm in
                alarm.acknowledged = true
                alarm.escalation?.due = nil
                alarm.reminderDue = alarm.conditionActive ? reminder.map { now + $0 } : nil
            }
            notifyNotified(key, kind: .acknowledged, step: "ack", now: now, into: &actions)
        case .shelve(_, let user, let until, let reason):
            try Self.requireUser(user)
            guard alarm.outOfServiceBy == nil else { throw .notApplicable(key, command: "shelve", state: alarm.state) }
            let end = until ?? now + settings.maximumShelve
            guard end > now else { throw .notApplicable(key, command: "shelve until a past time", state: alarm.state) }
            guard end - now <= settings.maximumShelve else {
                throw .shelveTooLong(key, requested: end - now, maximum: settings.maximumShelve)
            }
            update(key, now: now, cause: .shelved, user: user, comment: reason, into: &actions) { alarm in
                alarm.shelf = Shelf(kind: until == nil ? .oneShot : .timed, until: end, user: user, reason: reason)
            }
        case .unshelve(_, let user, let comment):
            try Self.requireUser(user)
            guard alarm.shelf != nil else { throw .notApplicable(key, command: "unshelve", state: alarm.state) }
            update(key, now: now, cause: .unshelved, user: user, comment: comment, into: &actions) { alarm in
                alarm.shelf = nil
            }
        case .reset(_, let user, let comment):
            try Self.requireUser(user)
            guard alarm.awaitingReset, !alarm.conditionActive else {
                throw .notApplicable(key, command: "reset", state: alarm.state)
            }
            update(key, now: now, cause: .reset, user: user, comment: comment, into: &actions) { alarm in
                alarm.awaitingReset = false
                alarm.acknowledged = true
            }
        case .comment(_, let user, let text):
            try Self.requireUser(user)
            update(key, now: now, cause: .comment, user: user, comment: text, into: &actions) { _ in }
        case .removeFromService(_, let user, let reason):
            try Self.requireUser(user)
            guard alarm.outOfServiceBy == nil else { throw .notApplicable(key, command: "remove from service", state: alarm.state) }
            update(key, now: now, cause: .outOfService, user: user, comment: reason, into: &actions) { alarm in
                alarm.outOfServiceBy = user
            }
        case .returnToService(_, let user, let comment):
            try Self.requireUser(user)
            guard alarm.outOfServiceBy != nil else { throw .notApplicable(key, command: "return to service", state: alarm.state) }
            update(key, now: now, cause: .returnedToService, user: user, comment: comment, into: &actions) { alarm in
                alarm.outOfServiceBy = nil
            }
        }
        fireDueSteps(key, now: now, into: &actions)
        refreshTimer(key)
        return actions
    }

    /// Sets an asset's operating state (`nil` or "running" for normal operation). Rules listing
    /// the state in `suppressedIn` are suppressed by design while it lasts.
    package mutating func setAssetState(_ asset: String, to state: String?, now: Double) -> [AlarmAction] {
        assetStates[asset] = state
        var actions: [AlarmAction] = []
        for key in alarmsByKey.keys.sorted() where key.asset == asset {
            guard let rule = rulesByName[key.rule], let alarm = alarmsByKey[key] else { continue }
            let reason = state.flatMap { rule.suppressedIn.contains($0) ? "asset state \($0)" : nil }
            let current = alarm.suppressedBy
            if let reason, current == nil {
                update(key, now: now, cause: .suppressedByState, comment: reason, into: &actions) { $0.suppressedBy = reason }
            } else if reason == nil, let current, current.hasPrefix("asset state") {
                update(key, now: now, cause: .unsuppressedByState, into: &actions) { $0.suppressedBy = nil }
                fireDueSteps(key, now: now, into: &actions)
            }
            refreshTimer(key)
        }
        return actions
    }

    // MARK: - Condition changes

    private mutating func apply(_ change: RuleEvaluator.Change, to key: AlarmKey, rule: AlarmRule, now: Double,
                                into actions: inout [AlarmAction]) {
        switch change {
        case .none:
            return
        case .activate(let value, let priority):
            activate(key, rule: rule, value: value, priority: priority, now: now, into: &actions)
        case .clear(let value):
            clear(key, rule: rule, value: value, now: now, into: &actions)
        case .reprioritise(let priority, let value):
            update(key, now: now, cause: .priorityChanged, into: &actions) { alarm in
                alarm.priority = priority
                alarm.value = value
            }
        }
    }

    private mutating func activate(_ key: AlarmKey, rule: AlarmRule, value: Double?, priority: Priority, now: Double,
                                   into actions: inout [AlarmAction]) {
        if alarmsByKey[key] == nil {
            alarmsByKey[key] = Alarm(key: key, priority: priority, area: area(of: key.asset), message: rule.message, now: now)
        }
        guard let existing = alarmsByKey[key] else { return }
        let newOccurrence = existing.acknowledged && !existing.awaitingReset && !existing.conditionActive
        // Cleared but not yet acknowledged (or awaiting reset), and active again: the occurrence goes on.
        let reactivation = !newOccurrence && !existing.conditionActive
        let suppression = suppressionReason(for: key, rule: rule)
        var floodStarted = false
        if newOccurrence, let flood = settings.flood {
            var tracker = floods[existing.area] ?? FloodTracker()
            tracker.record(now, window: flood.window)
            floodStarted = !tracker.active && tracker.recent.count >= flood.alarms
            floods[existing.area] = tracker
        }
        update(key, now: now, cause: .conditionActive, into: &actions) { alarm in
            if newOccurrence {
                alarm.occurrence += 1
                alarm.raisedAt = now
                alarm.escalation = nil
                alarm.reminderDue = nil
                alarm.held = false
            }
            alarm.conditionActive = true
            alarm.acknowledged = false
            alarm.priority = priority
            alarm.value = value
            if let suppression, alarm.suppressedBy == nil { alarm.suppressedBy = suppression }
        }
        if reactivation { notifyNotified(key, kind: .reactivated, step: "reactivated", now: now, into: &actions) }
        if floodStarted { startFlood(in: existingArea(key), now: now, into: &actions) }
        if newOccurrence, let flood = settings.flood, floods[existingArea(key)]?.active == true,
           priority <= flood.hold {
            update(key, now: now, cause: .heldByFlood, into: &actions) { $0.held = true }
        }
        for channel in channels(inhibitedBy: rule) {
            inhibit(ChannelKey(asset: key.asset, channel: channel), by: key, now: now, into: &actions)
        }
        checkChatter(key, now: now, into: &actions)
        if newOccurrence { startEscalation(key, rule: rule, now: now) }
        fireDueSteps(key, now: now, into: &actions)
    }

    private mutating func clear(_ key: AlarmKey, rule: AlarmRule, value: Double?, now: Double,
                                into actions: inout [AlarmAction]) {
        guard alarmsByKey[key]?.conditionActive == true else { return }
        update(key, now: now, cause: .conditionCleared, into: &actions) { alarm in
            alarm.conditionActive = false
            alarm.value = value
            if rule.latched { alarm.awaitingReset = true }
            if alarm.shelf?.kind == .oneShot { alarm.shelf = nil }
            alarm.escalation?.due = nil
            alarm.reminderDue = nil
        }
        notifyNotified(key, kind: .cleared, step: "clear", now: now, into: &actions)
        for channel in channels(inhibitedBy: rule) {
            release(ChannelKey(asset: key.asset, channel: channel), from: key, now: now, into: &actions)
        }
        checkChatter(key, now: now, into: &actions)
    }

    private func suppressionReason(for key: AlarmKey, rule: AlarmRule) -> String? {
        if let state = assetStates[key.asset], rule.suppressedIn.contains(state) { return "asset state \(state)" }
        if !rule.condition.isSensorHealth, let channel = rule.channel,
           let inhibitor = inhibitors[ChannelKey(asset: key.asset, channel: channel)]?.sorted().first {
            return "inhibited by \(inhibitor)"
        }
        return nil
    }

    private func existingArea(_ key: AlarmKey) -> String { alarmsByKey[key]?.area ?? area(of: key.asset) }

    private func area(of asset: String) -> String {
        settings.areas.first { Glob.matches($0.pattern, asset) }?.area ?? "plant"
    }

    // MARK: - Inhibition

    /// The channels whose other alarms a rule's active alarm inhibits: a sensor-health rule's own
    /// channel, or every channel with rules for a loss of communication (the whole asset).
    private func channels(inhibitedBy rule: AlarmRule) -> [String] {
        guard rule.condition.isSensorHealth else { return [] }
        if let channel = rule.channel { return [channel] }
        if rule.condition == .communicationLost { return rulesByChannel.keys.sorted() }
        return []
    }

    private mutating func inhibit(_ channel: ChannelKey, by inhibitor: AlarmKey, now: Double,
                                  into actions: inout [AlarmAction]) {
        let first = inhibitors[channel, default: []].isEmpty
        inhibitors[channel, default: []].insert(inhibitor)
        guard first else { return }
        let reason = "inhibited by \(inhibitor)"
        for rule in (rulesByChannel[channel.channel] ?? []).map({ settings.rules[$0] }) where !rule.condition.isSensorHealth {
            let key = AlarmKey(asset: channel.asset, rule: rule.name)
            guard let alarm = alarmsByKey[key], alarm.suppressedBy == nil else { continue }
            update(key, now: now, cause: .inhibited, comment: reason, into: &actions) { $0.suppressedBy = reason }
            refreshTimer(key)
        }
    }

    private mutating func release(_ channel: ChannelKey, from inhibitor: AlarmKey, now: Double,
                                  into actions: inout [AlarmAction]) {
        inhibitors[channel]?.remove(inhibitor)
        guard inhibitors[channel]?.isEmpty ?? true else { return }
        inhibitors[channel] = nil
        for rule in (rulesByChannel[channel.channel] ?? []).map({ settings.rules[$0] }) where !rule.condition.isSensorHealth {
            let key = AlarmKey(asset: channel.asset, rule: rule.name)
            guard let alarm = alarmsByKey[key], alarm.suppressedBy?.hasPrefix("inhibited by") == true else { continue }
            update(key, now: now, cause: .released, into: &actions) { $0.suppressedBy = nil }
            fireDueSteps(key, now: now, into: &actions)
            refreshTimer(key)
        }
    }

    // MARK: - Chattering and floods

    private mutating func checkChatter(_ key: AlarmKey, now: Double, into actions: inout [AlarmAction]) {
        guard let chatter = settings.chatter, var alarm = alarmsByKey[key] else { return }
        alarm.recentTransitions.append(now)
        alarm.recentTransitions.removeAll { $0 <= now - chatter.window }
        if alarm.recentTransitions.count > chatter.transitions { alarm.recentTransitions.removeFirst() }
        alarmsByKey[key] = alarm
        guard alarm.recentTransitions.count >= chatter.transitions, alarm.shelf == nil, alarm.outOfServiceBy == nil else {
            return
        }
        let reason = "chattering: \(alarm.recentTransitions.count) transitions within \(Double.wholeText(chatter.window)) s"
        update(key, now: now, cause: .chattering, user: Self.systemUser, comment: reason, into: &actions) { alarm in
            alarm.shelf = Shelf(kind: .timed, until: now + chatter.shelve, user: Self.systemUser, reason: reason)
            alarm.recentTransitions = []
        }
    }

    private mutating func startFlood(in area: String, now: Double, into actions: inout [AlarmAction]) {
        guard let flood = settings.flood else { return }
        floods[area]?.active = true
        let key = flood.summaryKey(of: area)
        let count = floods[area]?.recent.count ?? flood.alarms
        let message = "alarm flood in \(area): \(count) new alarms within \(Double.wholeText(flood.window)) s"
        if alarmsByKey[key] == nil {
            alarmsByKey[key] = Alarm(key: key, priority: .high, area: area, message: message, now: now)
        }
        update(key, now: now, cause: .conditionActive, comment: message, into: &actions) { alarm in
            alarm.occurrence += 1
            alarm.raisedAt = now
            alarm.conditionActive = true
            alarm.acknowledged = false
            alarm.message = message
            alarm.value = Double(count)
        }
        if let alarm = alarmsByKey[key], !flood.receivers.isEmpty {
            actions.append(.notify(NotificationIntent(kind: .flood, key: key, occurrence: alarm.occurrence, step: "flood",
                                                      receivers: flood.receivers, time: now, priority: alarm.priority,
                                                      state: alarm.state, value: alarm.value, message: message)))
        }
        // Alarms of this flood already raised at a holdable priority are held too.
        for (other, alarm) in alarmsByKey where alarm.area == area && other.rule != Self.floodRule
            && alarm.conditionActive && !alarm.acknowledged && !alarm.held && alarm.priority <= flood.hold
            && (alarm.escalation?.notified.isEmpty ?? true) {
            update(other, now: now, cause: .heldByFlood, into: &actions) { $0.held = true }
        }
    }

    private mutating func endFloods(now: Double, into actions: inout [AlarmAction]) {
        guard let flood = settings.flood else { return }
        for area in floods.keys.sorted() {
            guard var tracker = floods[area], tracker.active else { continue }
            tracker.trim(now: now, window: flood.window)
            floods[area] = tracker
            guard tracker.recent.count < flood.alarms else { continue }
            floods[area]?.active = false
            let key = flood.summaryKey(of: area)
            update(key, now: now, cause: .floodEnded, into: &actions) { alarm in
                alarm.conditionActive = false
                alarm.acknowledged = true
            }
            if let alarm = alarmsByKey[key], !flood.receivers.isEmpty {
                actions.append(.notify(NotificationIntent(kind: .floodEnded, key: key, occurrence: alarm.occurrence,
                                                          step: "flood-ended", receivers: flood.receivers, time: now,
                                                          priority: alarm.priority, state: alarm.state, value: nil,
                                                          message: "alarm flood in \(area) has ended")))
            }
            for held in alarmsByKey.keys.sorted() where alarmsByKey[held]?.held == true && alarmsByKey[held]?.area == area {
                update(held, now: now, cause: .floodEnded, into: &actions) { $0.held = false }
                fireDueSteps(held, now: now, into: &actions)
                refreshTimer(held)
            }
        }
    }

    // MARK: - Escalation

    private mutating func startEscalation(_ key: AlarmKey, rule: AlarmRule, now: Double) {
        guard var alarm = alarmsByKey[key] else { return }
        let routed = NotificationRoute.receivers(of: settings.routes, for: key, priority: alarm.priority, area: alarm.area)
        var policy = rule.escalation.flatMap { settings.policies[$0] }
        if !routed.isEmpty {
            // Routed receivers are told at once: they join a first level at 0 s.
            var merged = policy ?? EscalationPolicy(name: "routes", levels: [])
            if let first = merged.levels.first, first.after <= 0 {
                merged.levels[0].receivers += routed.filter { !first.receivers.contains($0) }
            } else {
                merged.levels.insert(.init(after: 0, receivers: routed), at: 0)
            }
            policy = merged
        }
        guard let policy else { return }
        alarm.escalation = Escalation(policy: policy, raisedAt: alarm.raisedAt)
        alarmsByKey[key] = alarm
    }

    /// Notifies every escalation step due by `now` (each once, in order) while the alarm is
    /// annunciated, unacknowledged and not held; and a due reminder.
    private mutating func fireDueSteps(_ key: AlarmKey, now: Double, into actions: inout [AlarmAction]) {
        guard var alarm = alarmsByKey[key] else { return }
        var changed = false
        if alarm.state == .unacknowledged, !alarm.held, var escalation = alarm.escalation {
            while let due = escalation.due, due <= now {
                let policy = escalation.policy
                let kind: NotificationIntent.Kind
                let receivers: [String]
                let step: String
                let level: Int
                if escalation.nextLevel < policy.levels.count {
                    level = escalation.nextLevel
                    receivers = policy.levels[level].receivers
                    kind = level == 0 ? .raised : .escalated
                    step = "level-\(level)"
                    escalation.nextLevel += 1
                } else {
                    level = policy.levels.count - 1
                    receivers = policy.levels.last?.receivers ?? []
                    kind = .repeated
                    escalation.repeats += 1
                    step = "repeat-\(escalation.repeats)"
                }
                escalation.sequence += 1
                actions.append(.notify(NotificationIntent(
                    kind: kind, key: key, occurrence: alarm.occurrence, step: step, receivers: receivers, time: now,
                    priority: alarm.priority, state: alarm.state, value: alarm.value, message: alarm.message, level: level)))
                for receiver in receivers where !escalation.notified.contains(receiver) { escalation.notified.append(receiver) }
                if escalation.nextLevel < policy.levels.count {
                    escalation.due = alarm.raisedAt + policy.levels[escalation.nextLevel].after
                } else if escalation.repeats < policy.repeatCount {
                    escalation.due = due + policy.repeatInterval
                } else {
                    escalation.due = nil
                }
                if kind != .raised {
                    actions.append(.journal(AlarmTransition(key: key, occurrence: alarm.occurrence, time: now, from: alarm.state,
                                                            to: alarm.state, cause: .escalated, comment: step,
                                                            priority: alarm.priority, value: alarm.value)))
                }
                changed = true
            }
            alarm.escalation = escalation
        }
        if let due = alarm.reminderDue, due <= now, alarm.state == .acknowledged,
           var escalation = alarm.escalation, let interval = escalation.policy.reminder {
            escalation.sequence += 1
            alarm.escalation = escalation
            actions.append(.notify(NotificationIntent(
                kind: .reminder, key: key, occurrence: alarm.occurrence, step: "reminder-\(Double.wholeText(due))",
                receivers: escalation.notified, time: now, priority: alarm.priority, state: alarm.state,
                value: alarm.value, message: alarm.message)))
            var next = due + interval
            while next <= now { next += interval }
            alarm.reminderDue = next
            changed = true
        }
        if changed {
            alarmsByKey[key] = alarm
            actions.append(.save(alarm))
        }
    }

    /// Tells everyone notified in this occurrence about an acknowledgement, a clear or a
    /// re-activation, under a key numbered in the occurrence's sequence (`clear-2`, `clear-4`, …).
    private mutating func notifyNotified(_ key: AlarmKey, kind: NotificationIntent.Kind, step: String, now: Double,
                                         into actions: inout [AlarmAction]) {
        guard var alarm = alarmsByKey[key], var escalation = alarm.escalation, !escalation.notified.isEmpty else { return }
        escalation.sequence += 1
        alarm.escalation = escalation
        alarmsByKey[key] = alarm
        actions.append(.notify(NotificationIntent(kind: kind, key: key, occurrence: alarm.occurrence,
                                                  step: "\(step)-\(escalation.sequence)", receivers: escalation.notified,
                                                  time: now, priority: alarm.priority, state: alarm.state,
                                                  value: alarm.value, message: alarm.message)))
        actions.append(.save(alarm))
    }

    // MARK: - Bookkeeping

    /// Changes an alarm and records the change: a journal entry (from and to state, cause, user)
    /// and the new record.
    private mutating func update(_ key: AlarmKey, now: Double, cause: AlarmTransition.Cause, user: String? = nil,
                                 comment: String? = nil, into actions: inout [AlarmAction], _ change: (inout Alarm) -> Void) {
        guard var alarm = alarmsByKey[key] else { return }
        let from = alarm.state
        change(&alarm)
        alarm.changedAt = now
        alarmsByKey[key] = alarm
        actions.append(.journal(AlarmTransition(key: key, occurrence: alarm.occurrence, time: now, from: from,
                                                to: alarm.state, cause: cause, user: user, comment: comment,
                                                priority: alarm.priority, value: alarm.value)))
        actions.append(.save(alarm))
        refreshTimer(key)
    }

    /// Schedules `key` for its earliest pending time (`slot`: its evaluator's, when known).
    private mutating func refreshTimer(_ key: AlarmKey, slot: Int? = nil) {
        func earlier(_ a: Double?, _ b: Double?) -> Double? {
            guard let a else { return b }
            guard let b else { return a }
            return min(a, b)
        }
        let alarm = alarmsByKey[key]
        let evaluator = (slot ?? existingSlot(key)).flatMap(evaluatorPosition).flatMap { evaluators[$0].deadline }
        guard let due = earlier(earlier(evaluator, alarm?.shelf?.until), earlier(alarm?.escalation?.due, alarm?.reminderDue))
        else { return }
        timers.schedule(key, at: due)
    }

    /// The index of `asset`, registering it (and its evaluator slots) on first sight.
    private mutating func assetSlot(_ asset: String) -> Int {
        if let index = assetIndex[asset] { return index }
        let index = assetIndex.count
        assetIndex[asset] = index
        evaluatorPositions.append(contentsOf: repeatElement(-1, count: settings.rules.count))
        return index
    }

    /// Where the evaluator of `slot` is, if it has one.
    private func evaluatorPosition(_ slot: Int) -> Int? {
        let position = evaluatorPositions[slot]
        return position >= 0 ? position : nil
    }

    /// Puts `evaluator` at `slot` (replacing the one there) and returns where it is.
    @discardableResult
    private mutating func install(_ evaluator: RuleEvaluator, at slot: Int) -> Int {
        if let position = evaluatorPosition(slot) {
            evaluators[position] = evaluator
            return position
        }
        evaluatorPositions[slot] = evaluators.count
        evaluators.append(evaluator)
        return evaluators.count - 1
    }

    /// The rule at `index` as it applies to `asset` (shared unless overridden for it); nil when it
    /// does not apply.
    private func box(for index: Int, asset: String) -> RuleBox? {
        let shared = boxes[index]
        guard !shared.rule.overrides.isEmpty else { return shared.rule.applies(to: asset) ? shared : nil }
        return shared.rule.resolved(for: asset).map(RuleBox.init)
    }

    /// The evaluator slot of `key` if its asset is known.
    private func existingSlot(_ key: AlarmKey) -> Int? {
        guard let rule = ruleIndex[key.rule], let asset = assetIndex[key.asset] else { return nil }
        return asset * settings.rules.count + rule
    }

    /// The evaluator slot of `key`, registering the asset if needed; nil for keys of no rule
    /// (the flood summaries).
    private mutating func slot(_ key: AlarmKey) -> Int? {
        guard let rule = ruleIndex[key.rule] else { return nil }
        return assetSlot(key.asset) * settings.rules.count + rule
    }

    private static func requireUser(_ user: String) throws(AlarmCommandError) {
        guard user.contains(where: { !$0.isWhitespace }) else { throw .emptyUser }
    }
}
