import Foundation

/// Takes values out of a JSON response by dotted paths (`issue.id`, `data.items.0.key`): the
/// ticket fields a receiver keeps for later requests.
package enum ResponseCapture {
    /// The values found (name → text); a path that leads nowhere is left out.
    package static func values(_ paths: [String: String], in body: [UInt8]) -> [String: String] {
        guard !paths.isEmpty, let root = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            return [:]
        }
        var result: [String: String] = [:]
        for (name, path) in paths {
            var node: Any? = root
            for part in path.split(separator: ".") {
                if let object = node as? [String: Any] {
                    node = object[String(part)]
                } else if let array = node as? [Any], let index = Int(part), array.indices.contains(index) {
                    node = array[index]
                } else {
                    node = nil
                }
            }
            switch node {
            case let text as String: result[name] = text
            case let number as NSNumber:
                let value = number.doubleValue
                result[name] = value == value.rounded() && abs(value) < 1e15 ? String(number.int64Value) : number.stringValue
            default: break
            }
        }
        return result
    }
}
