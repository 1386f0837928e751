import AlarmEngine

/// A change of an alarm, as published on `<prefix>/alarms/<asset>/<rule>/event` (and the state
/// after it, retained, on `.../state`): the journal entry and the alarm's record after it.
package struct AlarmEvent: Sendable, Hashable {
    package var transition: AlarmTransition
    package var alarm: Alarm

    package init(transition: AlarmTransition, alarm: Alarm) {
        self.transition = transition
        self.alarm = alarm
    }

    package var asset: String { alarm.key.asset }
    package var rule: String { alarm.key.rule }

    /// `<prefix>/alarms/<asset>/<rule>/event`: every transition, QoS 1, not retained.
    package func eventTopic(prefix: String) -> String { "\(prefix)/alarms/\(asset)/\(rule)/event" }

    /// `<prefix>/alarms/<asset>/<rule>/state`: the current state, retained; emptied when the alarm
    /// is back to normal and acknowledged.
    package func stateTopic(prefix: String) -> String { "\(prefix)/alarms/\(asset)/\(rule)/state" }

    /// Whether the retained state is removed rather than replaced.
    package var clearsState: Bool { alarm.state == .normal }

    /// The events of a batch of engine actions: each journal entry with the record saved after it.
    package static func events(in actions: [AlarmAction]) -> [AlarmEvent] {
        var events: [AlarmEvent] = []
        var pending: [AlarmTransition] = []
        for action in actions {
            switch action {
            case .journal(let entry): pending.append(entry)
            case .save(let alarm):
                for entry in pending where entry.key == alarm.key { events.append(AlarmEvent(transition: entry, alarm: alarm)) }
                pending.removeAll { $0.key == alarm.key }
            case .notify: break
            }
        }
        return events
    }
}
