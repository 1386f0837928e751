import Foundation
import Notifiers
import Payloads
import Prognostics

extension RULEstimate {
    /// Version of the RUL payload format.
    package static let payloadVersion = 1

    private struct Payload: Encodable {
        var version: Int
        var kind: String
        var asset: String
        var time: Double
        var rul: Double
        var lower: Double
        var upper: Double
        var unit: String
        var hi: Double
        var threshold: Double
        var beyond_horizon: Bool
        var method: String
        var model: String
        var model_version: Int
    }

    /// One JSON object (keys sorted, so equal estimates give equal bytes): the RUL payload of
    /// `pdm replay` lines and of `<prefix>/assets/<asset>/rul`. `unit` is the model's time unit.
    package func jsonPayload(unit: String) -> [UInt8] {
        func round(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
        let payload = Payload(version: Self.payloadVersion, kind: "rul", asset: asset, time: time, rul: round(rul),
                              lower: round(lower), upper: round(upper), unit: unit, hi: round(healthIndicator),
                              threshold: round(threshold), beyond_horizon: beyondHorizon, method: method,
                              model: model, model_version: modelVersion)
        return payload.jsonBytes()
    }
}
