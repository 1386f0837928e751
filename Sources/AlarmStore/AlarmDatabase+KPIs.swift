import AlarmEngine
import GRDB

/// Alarm-system figures over a period, computed from the journal and the current alarms.
extension AlarmDatabase {
    /// Journal entries with a time in `start...end`, oldest first.
    package func journal(from start: Double, to end: Double) throws(StoreError) -> [AlarmTransition] {
        try read("read journal") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM journal WHERE time >= ? AND time <= ? ORDER BY id",
                             arguments: [start, end]).map(Self.transition)
        }
    }

    /// Alarm KPIs (rates per area, floods, bad actors, priority shares, stale alarms) for `start...end`.
    package func kpis(from start: Double, to end: Double, staleAfter: Double,
                     targets: [String: Double] = AlarmKPIs.defaultTargets) throws(StoreError) -> AlarmKPIs {
        let entries = try journal(from: start, to: end)
        let alarms = try self.alarms(AlarmFilter(limit: Int.max))
        return AlarmKPIs(journal: entries, alarms: alarms, start: start, end: end, staleAfter: staleAfter, targets: targets)
    }
}
