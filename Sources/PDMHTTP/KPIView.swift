import AlarmEngine

/// Alarm-system figures as `/api/v1/kpis` shows them.
struct KPIView: Encodable, Sendable {
    struct Area: Encodable, Sendable {
        var area: String
        var average_per_10_minutes: Double
        var peak_per_10_minutes: Int
        var seconds_in_flood: Double
        /// Share of 10-minute periods with more than 10 activations.
        var periods_in_flood: Double
    }

    struct BadActor: Encodable, Sendable {
        var asset: String
        var rule: String
        var activations: Int
        var share: Double
    }

    struct Priority: Encodable, Sendable {
        var priority: String
        var count: Int
        var share: Double
        var target: Double?
    }

    struct AlarmRef: Encodable, Sendable {
        var asset: String
        var rule: String
    }

    var start: Double
    var end: Double
    var activations: Int
    var areas: [Area]
    var bad_actors: [BadActor]
    var priorities: [Priority]
    var stale_after: Double
    var stale: [AlarmRef]
    var chattering: [AlarmRef]

    init(_ kpis: AlarmKPIs, start: Double, end: Double, staleAfter: Double) {
        self.start = start
        self.end = end
        activations = kpis.activations
        areas = kpis.areas.map {
            Area(area: $0.area, average_per_10_minutes: $0.averagePer10Minutes, peak_per_10_minutes: $0.peakPer10Minutes,
                 seconds_in_flood: $0.timeInFlood, periods_in_flood: $0.periodsInFlood)
        }
        bad_actors = kpis.badActors.map {
            BadActor(asset: $0.key.asset, rule: $0.key.rule, activations: $0.activations, share: $0.share)
        }
        priorities = kpis.priorities.map { Priority(priority: $0.priority, count: $0.count, share: $0.share, target: $0.target) }
        stale_after = staleAfter
        stale = kpis.stale.map { AlarmRef(asset: $0.asset, rule: $0.rule) }
        chattering = kpis.chattering.map { AlarmRef(asset: $0.asset, rule: $0.rule) }
    }
}
