/// What the engine decided; the caller persists and delivers these, in order, in one transaction.
package enum AlarmAction: Sendable, Hashable {
    /// Write this journal entry.
    case journal(AlarmTransition)
    /// Store the alarm's current record.
    case save(Alarm)
    /// Queue this notification (the outbox).
    case notify(NotificationIntent)
}

extension AlarmAction {
    /// Whether carrying out the action adds to the notification outbox.
    package var queuesNotification: Bool {
        switch self {
        case .notify: true
        case .journal, .save: false
        }
    }
}
