import AlarmEngine

/// What `/api/v1/kpis` needs from the configuration.
public struct KPISettings: Sendable {
    /// Seconds after which an annunciated alarm counts as stale.
    public var staleAfter: Double
    /// Target share of annunciated alarms per priority.
    public var priorityTargets: [String: Double]

    public init(staleAfter: Double = 86_400, priorityTargets: [String: Double] = AlarmKPIs.defaultTargets) {
        self.staleAfter = staleAfter
        self.priorityTargets = priorityTargets
    }
}
