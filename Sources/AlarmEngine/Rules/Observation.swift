/// What the alarm engine is told about an asset.
package enum Observation: Sendable, Hashable {
    /// A channel's reading, with its rate of change (per second) and anomaly evidence when known.
    case reading(asset: String, channel: String, value: Double, rate: Double? = nil, anomaly: AnomalyLevel? = nil)
    /// A remaining-useful-life estimate of the asset.
    case remainingLife(asset: String, median: Double, lower: Double, upper: Double)
    /// The data source reports the channel's sensor faulty (a gateway's error code for the tag).
    case sensorFault(asset: String, channel: String, code: Int)
    /// The asset's data source is gone (a Sparkplug death): its channels are stale, neither
    /// normal nor abnormal, until fresh data arrive.
    case communicationLost(asset: String)
    /// Fresh data from an asset whose communication was lost.
    case communicationRestored(asset: String)

    package var asset: String {
        switch self {
        case .reading(let asset, _, _, _, _), .remainingLife(let asset, _, _, _), .sensorFault(let asset, _, _),
             .communicationLost(let asset), .communicationRestored(let asset): asset
        }
    }
}
