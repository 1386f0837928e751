/// The progress of one alarm occurrence through its escalation policy, persisted with the alarm
/// so that a restart neither repeats nor skips a step.
package struct Escalation: Sendable, Hashable, Codable {
    /// The policy as it was when the alarm was raised.
    package var policy: EscalationPolicy
    package var policyVersion: String
    /// Index of the next level to notify (== levels.count once all were notified).
    package var nextLevel: Int
    /// Repetitions of the last level sent so far.
    package var repeats: Int
    /// When the next step is due; nil when none is left.
    package var due: Double?
    /// Everyone notified so far in this occurrence.
    package var notified: [String]
    /// Notifications issued so far in this occurrence: acknowledgements, clears and
    /// re-activations carry their number in their key, so each is delivered once and none is
    /// taken for an earlier one.
    package var sequence: Int

    package init(policy: EscalationPolicy, raisedAt: Double) {
        self.policy = policy
        policyVersion = policy.version
        nextLevel = 0
        repeats = 0
        due = policy.levels.first.map { raisedAt + $0.after }
        notified = []
        sequence = 0
    }

    private enum CodingKeys: String, CodingKey {
        case policy, policyVersion, nextLevel, repeats, due, notified, sequence
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        policy = try container.decode(EscalationPolicy.self, forKey: .policy)
        policyVersion = try container.decode(String.self, forKey: .policyVersion)
        nextLevel = try container.decode(Int.self, forKey: .nextLevel)
        repeats = try container.decode(Int.self, forKey: .repeats)
        due = try container.decodeIfPresent(Double.self, forKey: .due)
        notified = try container.decode([String].self, forKey: .notified)
        // Records written before notifications were numbered.
        sequence = try container.decodeIfPresent(Int.self, forKey: .sequence) ?? 0
    }
}
