/// The progress of one alarm occurrence through its escalation policy, persisted with the alarm
/// so that a restart neither repeats nor skips a step.
public struct Escalation: Sendable, Hashable, Codable {
    /// The policy as it was when the alarm was raised.
    public var policy: EscalationPolicy
    public var policyVersion: String
    /// Index of the next level to notify (== levels.count once all were notified).
    public var nextLevel: Int
    /// Repetitions of the last level sent so far.
    public var repeats: Int
    /// When the next step is due; nil when none is left.
    public var due: Double?
    /// Everyone notified so far in this occurrence.
    public var notified: [String]

    public init(policy: EscalationPolicy, raisedAt: Double) {
        self.policy = policy
        policyVersion = policy.version
        nextLevel = 0
        repeats = 0
        due = policy.levels.first.map { raisedAt + $0.after }
        notified = []
    }
}
