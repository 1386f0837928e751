import Foundation
extension ConfigNode {
    /// A duration in seconds: a number, or a number with a unit `ms`, `s`, `m`, `h`, `d` ("15m").
    func duration(required: Bool = false) -> Double? {
        guard exists else {
            if required { reader.report(node, path, "is required") }
            return nil
        }
        guard let text = string() else { return nil }
        let value = DurationText.seconds(text)
        guard let value else {
            reader.report(node, path, "expected a duration such as 30, 30s, 15m, 4h or 2d, found '\(text)'")
            return nil
        }
        return value
    }
}
