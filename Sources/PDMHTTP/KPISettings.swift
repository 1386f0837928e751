import AlarmEngine

/// What `/api/v1/kpis` needs from the configuration.
package struct KPISettings: Sendable {
    /// Seconds after which an annunciated alarm counts as stale.
    package var staleAfter: Double
    /// Target share of annunciated alarms per priority.
    package var priorityTargets: [String: Double]

    package init(staleAfter: Double = 86_400, priorityTargets: [String: Double] = AlarmKPIs.defaultTargets) {
        self.staleAfter = staleAfter
        self.priorityTargets = priorityTargets
    }
}
