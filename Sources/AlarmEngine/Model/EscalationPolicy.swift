/// Who is told about an alarm, and when: levels reached a given time after the alarm is raised,
/// stopped by acknowledgement; optionally repeated, and reminders while an acknowledged alarm
/// stays active.
public struct EscalationPolicy: Sendable, Hashable, Codable {
    public struct Level: Sendable, Hashable, Codable {
        /// Seconds after the alarm was raised.
        public var after: Double
        public var receivers: [String]

        public init(after: Double, receivers: [String]) {
            self.after = after
            self.receivers = receivers
        }
    }

    public var name: String
    public var levels: [Level]
    /// Times the last level is notified again after it was reached.
    public var repeatCount: Int
    /// Seconds between those repetitions.
    public var repeatInterval: Double
    /// Seconds after acknowledgement (and between reminders) at which receivers are reminded of an
    /// alarm that is still active; nil sends none.
    public var reminder: Double?

    public init(name: String, levels: [Level], repeatCount: Int = 0, repeatInterval: Double = 3600,
                reminder: Double? = nil) {
        self.name = name
        self.levels = levels.sorted { $0.after < $1.after }
        self.repeatCount = repeatCount
        self.repeatInterval = repeatInterval
        self.reminder = reminder
    }

    /// A digest of the policy's content: the version frozen into an alarm when it is raised.
    public var version: String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            hash = (hash ^ 0x1F) &* 0x0000_0100_0000_01B3
        }
        mix(name)
        for level in levels {
            mix("\(level.after)")
            level.receivers.forEach(mix)
        }
        mix("\(repeatCount) \(repeatInterval) \(reminder.map { "\($0)" } ?? "-")")
        return String(hash, radix: 16)
    }
}
