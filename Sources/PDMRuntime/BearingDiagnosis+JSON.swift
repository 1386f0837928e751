import Signals

extension BearingDiagnosis {
    /// The diagnosis as the fields of its JSON object (`pdm replay`, the asset view).
    package func jsonFields(asset: String, channel: String, time: Double) -> [String: Any] {
        var evidence: [String: Double] = [:]
        for (fault, value) in self.evidence { evidence[fault.rawValue] = (value * 100).rounded() / 100 }
        return [
            "kind": "diagnosis", "asset": asset, "channel": channel, "time": time, "fault": fault.rawValue,
            "confidence": (confidence * 1000).rounded() / 1000, "evidence": evidence,
            "band": [band.lowerBound.rounded(), band.upperBound.rounded()], "blocks": blocks,
        ]
    }
}
