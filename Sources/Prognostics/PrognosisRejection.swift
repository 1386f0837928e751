/// Why a reading was kept out of a model.
package enum PrognosisRejection: Error, Sendable, Hashable, CustomStringConvertible {
    case notFinite(channel: String)
    case invalidTime(channel: String)
    case implausible(channel: String, value: Double, low: Double, high: Double)
    case late(channel: String, time: Double, stepStart: Double)

    /// A short label for counters.
    package var reason: String {
        switch self {
        case .notFinite: "not_finite"
        case .invalidTime: "invalid_time"
        case .implausible: "implausible"
        case .late: "late"
        }
    }

    package var description: String {
        switch self {
        case .notFinite(let channel): "\(channel): value is not a finite number"
        case .invalidTime(let channel): "\(channel): time is not a finite number, or too far from the model's first reading to be placed in a time step"
        case .implausible(let channel, let value, let low, let high):
            "\(channel): \(value) is outside the plausible range \(low)…\(high)"
        case .late(let channel, let time, let stepStart):
            "\(channel): reading at \(time) is late; the step from \(stepStart) on is already open"
        }
    }
}
