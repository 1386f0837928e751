/// Who is told about an alarm, and when: levels reached a given time after the alarm is raised,
/// stopped by acknowledgement; optionally repeated, and reminders while an acknowledged alarm
/// stays active.
package struct EscalationPolicy: Sendable, Hashable, Codable {
    package struct Level: Sendable, Hashable, Codable {
        /// Seconds after the alarm was raised.
        package var after: Double
        package var receivers: [String]

        package init(after: Double, receivers: [String]) {
            self.after = after
            self.receivers = receivers
        }
    }

    package var name: String
    package var levels: [Level]
    /// Times the last level is notified again after it was reached.
    package var repeatCount: Int
    /// Seconds between those repetitions.
    package var repeatInterval: Double
    /// Seconds after acknowledgement (and between reminders) at which receivers are reminded of an
    /// alarm that is still active; nil sends none.
    package var reminder: Double?

    package init(name: String, levels: [Level], repeatCount: Int = 0, repeatInterval: Double = 3600,
                reminder: Double? = nil) {
        self.name = name
        self.levels = levels.sorted { $0.after < $1.after }
        self.repeatCount = repeatCount
        self.repeatInterval = repeatInterval
        self.reminder = reminder
    }

    /// A digest of the policy's content: the version frozen into an alarm when it is raised.
    package var version: String {
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
