/// Why a model could not be fitted.
package enum TrainingError: Error, Sendable, Hashable, CustomStringConvertible {
    case tooFewAssets(found: Int, needed: Int)
    case tooShort(asset: String, steps: Int, needed: Int)
    case noInformativeChannel(dropped: [String: String])
    case invalidOption(String)
    /// The health indicator at the histories' last rows is not above its healthy level.
    case failureBelowHealthy(failure: Double, healthy: Double)

    package var description: String {
        switch self {
        case .tooFewAssets(let found, let needed):
            "run-to-failure histories of at least \(needed) assets are needed, found \(found)"
        case .tooShort(let asset, let steps, let needed):
            "asset \(asset) has \(steps) time steps; at least \(needed) are needed"
        case .noInformativeChannel(let dropped):
            "no channel tracks degradation, so no health indicator can be built ("
                + dropped.keys.sorted().map { "\($0): \(dropped[$0] ?? "")" }.joined(separator: "; ") + ")"
        case .invalidOption(let text): text
        case .failureBelowHealthy(let failure, let healthy):
            "the failure level (health indicator \(Self.rounded(failure)) at the histories' last rows) is not above "
                + "the healthy level (\(Self.rounded(healthy))): the last rows do not look like failures. Check that "
                + "each asset's history ends at its failure and that its channels rise as the machine wears"
        }
    }

    private static func rounded(_ value: Double) -> String {
        String(Double((value * 1000).rounded()) / 1000)
    }
}
