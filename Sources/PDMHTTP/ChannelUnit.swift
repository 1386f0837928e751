/// The unit of a channel's values, from the names pdm derives and gateways commonly use, so that
/// the console and the API never show a bare number. Unknown names have none.
enum ChannelUnit {
    /// Suffix rules, the first that matches wins.
    private static let rules: [(suffixes: [String], unit: String)] = [
        (["velocity_rms", "velocity"], "mm/s"),
        (["temp", "temperature"], "°C"),
        (["_snr"], "× floor"),
        (["pressure"], "bar"),
        (["current"], "A"),
        (["speed", "rpm"], "rpm"),
        ([".bpfo", ".bpfi", ".bsf", ".ftf"], "g²"),
        ([".rms", ".peak", ".envelope_rms", ".envelope_floor"], "g"),
        ([".kurtosis", ".crest", ".crest_factor", ".skewness", ".diagnosis"], "–"),
        ([".diagnosis_confidence"], "0–1"),
    ]

    static func of(_ channel: String) -> String? {
        if channel == "accel" { return "g" }
        return rules.first { rule in rule.suffixes.contains { channel.hasSuffix($0) } }?.unit
    }
}
