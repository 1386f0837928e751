/// What a bearing diagnosis concludes.
package enum BearingFault: String, Sendable, Hashable, Codable, CaseIterable {
    case healthy
    case outerRace = "outer_race"
    case innerRace = "inner_race"
    case ball
    case cage

    /// The number the derived channel `<channel>.diagnosis` carries, for rules (`above: 0` is any
    /// fault).
    package var code: Int {
        switch self {
        case .healthy: 0
        case .outerRace: 1
        case .innerRace: 2
        case .ball: 3
        case .cage: 4
        }
    }

    /// The faults, without `healthy`.
    package static let faults: [BearingFault] = allCases.filter { $0 != .healthy }
}
