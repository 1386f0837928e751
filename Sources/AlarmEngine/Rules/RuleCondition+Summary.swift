extension RuleCondition {
    /// What the condition says in words, for a rule without a `message`: an alarm is never shown
    /// or sent without text. `channel` is the rule's channel (nil for remaining-life rules).
    package func summary(channel: String?) -> String {
        let name = channel ?? "the channel"
        func figure(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? Double.wholeText(value) : "\(value)"
        }
        func span(_ seconds: Double) -> String {
            if seconds >= 86_400, (seconds / 86_400).rounded() == seconds / 86_400 { return "\(figure(seconds / 86_400)) d" }
            if seconds >= 3600, (seconds / 3600).rounded() == seconds / 3600 { return "\(figure(seconds / 3600)) h" }
            if seconds >= 60, (seconds / 60).rounded() == seconds / 60 { return "\(figure(seconds / 60)) min" }
            return "\(figure(seconds)) s"
        }
        switch self {
        case .threshold(let direction, let limit, _):
            return "\(name) \(direction.rawValue) \(figure(limit))"
        case .rateOfChange(let direction, let limit, _):
            return "\(name) \(direction == .above ? "rising faster than" : "falling faster than") \(figure(abs(limit))) per second"
        case .anomaly(let level, _, let direction):
            let way = switch direction {
            case .up: "rising"
            case .down: "falling"
            case .both: "moving"
            }
            return "\(name) \(way) away from its healthy baseline (anomaly ≥ \(figure(level)))"
        case .remainingLife(let below, let bound, _):
            let which = switch bound {
            case .lower: "lower bound of the remaining life"
            case .median: "remaining life"
            }
            return "\(which) below \(span(below))"
        case .noData(let seconds):
            return "no reading of \(name) for \(span(seconds))"
        case .stuck(let seconds, _):
            return "\(name) has not moved for \(span(seconds))"
        case .outOfRange(let low, let high):
            return "\(name) outside its possible range \(figure(low))…\(figure(high))"
        case .sensorFault:
            return "the data source reports the \(name) sensor faulty"
        case .communicationLost:
            return "communication with the data source lost: values are stale"
        }
    }
}
