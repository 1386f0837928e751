import Foundation
extension ConfigNode {
    /// A duration in seconds: a number, or a number with a unit `ms`, `s`, `m`, `h`, `d` ("15m").
    func duration(required: Bool = false) -> Double? {
        guard exists else {
            if required { reader.report(node, path, "is required") }
            return nil
        }
        guard let text = string() else { return nil }
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        var value: Double?
        if let plain = Double(text) {
            value = plain
        } else {
            for unit in units where text.hasSuffix(unit.suffix) {
                if let number = Double(text.dropLast(unit.suffix.count).trimmingCharacters(in: .whitespaces)) {
                    value = number * unit.seconds
                    break
                }
            }
        }
        guard let value, value.isFinite, value >= 0 else {
            reader.report(node, path, "expected a duration such as 30, 30s, 15m, 4h or 2d, found '\(text)'")
            return nil
        }
        return value
    }
}
