/// Alarm-system performance figures computed from the journal (ISA-18.2 / EEMUA 191 style).
package struct AlarmKPIs: Sendable, Hashable {
    package struct AreaRate: Sendable, Hashable {
        package var area: String
        /// New alarms per 10 minutes, averaged over the period.
        package var averagePer10Minutes: Double
        /// The busiest 10-minute window.
        package var peakPer10Minutes: Int
        /// Seconds the area spent in flood.
        package var timeInFlood: Double
        /// Share (0…1) of the period's 10-minute slots (from its start) with more than 10
        /// activations: ISA-18.2's flood.
        package var periodsInFlood: Double
    }

    package struct BadActor: Sendable, Hashable {
        package var key: AlarmKey
        package var activations: Int
        /// Share of all activations in the period.
        package var share: Double
    }

    package struct PriorityShare: Sendable, Hashable {
        package var priority: String
        package var count: Int
        package var share: Double
        package var target: Double?
    }

    /// Seconds covered.
    package var period: Double
    package var activations: Int
    package var areas: [AreaRate]
    package var badActors: [BadActor]
    package var priorities: [PriorityShare]
    /// Alarms annunciated for longer than the stale age, oldest first.
    package var stale: [AlarmKey]
    /// Alarms shelved for chattering in the period.
    package var chattering: [AlarmKey]

    /// EEMUA 191's guidance for the share of annunciated alarms per priority.
    package static let defaultTargets: [String: Double] = ["low": 0.80, "medium": 0.15, "high": 0.05]

    /// - Parameters:
    ///   - journal: entries from `start` to `end`, oldest first.
    ///   - alarms: current records (for areas and staleness).
    package init(journal: [AlarmTransition], alarms: [Alarm], start: Double, end: Double, staleAfter: Double = 86_400,
                targets: [String: Double] = AlarmKPIs.defaultTargets, top: Int = 10) {
        period = max(end - start, 1)
        var area: [AlarmKey: String] = [:]
        for alarm in alarms { area[alarm.key] = alarm.area }
        let raised = journal.filter { $0.cause == .conditionActive && $0.from == .normal && $0.key.rule != AlarmCore.floodRule }
        activations = raised.count

        var perArea: [String: [Double]] = [:]
        for entry in raised { perArea[area[entry.key] ?? "plant", default: []].append(entry.time) }
        var flood: [String: Double] = [:]
        var floodStart: [String: Double] = [:]
        for entry in journal where entry.key.rule == AlarmCore.floodRule {
            if entry.cause == .conditionActive {
                floodStart[entry.key.asset] = entry.time
            } else if entry.cause == .floodEnded, let began = floodStart.removeValue(forKey: entry.key.asset) {
                flood[entry.key.asset, default: 0] += entry.time - began
            }
        }
        for (name, began) in floodStart { flood[name, default: 0] += end - began }
        let periodValue = period
        areas = Set(perArea.keys).union(flood.keys).sorted().map { name in
            let times = perArea[name] ?? []
            var peak = 0, low = 0
            for high in times.indices {
                while times[high] - times[low] >= 600 { low += 1 }
                peak = max(peak, high - low + 1)
            }
            var slots: [Int: Int] = [:]
            for time in times where time >= start {
                let slot = ((time - start) / 600).rounded(.down)
                if slot < 1e9 { slots[Int(slot), default: 0] += 1 }
            }
            let slotCount = max((periodValue / 600).rounded(.up), 1)
            return AreaRate(area: name, averagePer10Minutes: Double(times.count) / periodValue * 600,
                            peakPer10Minutes: peak, timeInFlood: flood[name] ?? 0,
                            periodsInFlood: Double(slots.values.filter { $0 > 10 }.count) / slotCount)
        }

        var counts: [AlarmKey: Int] = [:]
        for entry in raised { counts[entry.key, default: 0] += 1 }
        let total = Double(max(raised.count, 1))
        badActors = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(top).map {
            BadActor(key: $0.key, activations: $0.value, share: Double($0.value) / total)
        }

        var byPriority: [String: (count: Int, rank: Int)] = [:]
        for entry in raised {
            byPriority[entry.priority.name, default: (0, entry.priority.rank)].count += 1
        }
        for name in targets.keys where byPriority[name] == nil {
            byPriority[name] = (0, Priority.standard.first { $0.name == name }?.rank ?? 0)
        }
        priorities = byPriority.sorted { $0.value.rank != $1.value.rank ? $0.value.rank > $1.value.rank : $0.key < $1.key }.map {
            PriorityShare(priority: $0.key, count: $0.value.count, share: Double($0.value.count) / total, target: targets[$0.key])
        }

        chattering = Set(journal.filter { $0.cause == .chattering }.map(\.key)).sorted()
        stale = alarms.filter { $0.state.isAnnunciated && $0.conditionActive && end - $0.raisedAt > staleAfter }
            .sorted { $0.raisedAt < $1.raisedAt }.map(\.key)
    }
}
