import Foundation

/// Durations as people write them: `90` (seconds), `250ms`, `30s`, `15m`, `4h`, `2d`.
package enum DurationText {
    /// The longest duration taken: about 300 years. Longer ones are mistakes (and would overflow
    /// the arithmetic of timers and clocks).
    package static let maximum = 1e10

    /// Seconds, or nil when the text is not a duration (negative, or longer than ``maximum``).
    package static func seconds(_ text: String) -> Double? {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        var value = Double(text)
        if value == nil {
            for unit in units where text.hasSuffix(unit.suffix) {
                if let number = Double(text.dropLast(unit.suffix.count).trimmingCharacters(in: .whitespaces)) {
                    value = number * unit.seconds
                    break
                }
            }
        }
        guard let value, value.isFinite, value >= 0, value <= maximum else { return nil }
        return value
    }
}
