import Yams

/// Reads a YAML node tree with position-aware errors: every lookup records what was wrong and
/// where, so a whole file is checked in one pass. Unknown keys are reported too.
final class ConfigReader {
    let file: String
    let environment: [String: String]
    let unsetVariables: PDMConfiguration.UnsetVariables
    private(set) var issues: [ConfigurationIssue] = []
    /// Paths whose value named a variable that is not set, under ``PDMConfiguration/UnsetVariables/leaveEmpty``:
    /// what is wrong with them follows from that and is not reported.
    private var unsetPaths: Set<String> = []

    init(file: String, environment: [String: String], unsetVariables: PDMConfiguration.UnsetVariables) {
        self.file = file
        self.environment = environment
        self.unsetVariables = unsetVariables
    }

    /// Records that the value at `path` named the unset variable `name`; whether that is an issue
    /// depends on ``unsetVariables``.
    func unset(_ name: Substring, node: Node, path: String) {
        switch unsetVariables {
        case .refuse: report(node, path, "environment variable \(name) is not set")
        case .leaveEmpty: unsetPaths.insert(path)
        }
    }

    func report(_ node: Node?, _ path: String, _ message: String) {
        guard !unsetPaths.contains(path) else { return }
        let mark = node?.mark
        issues.append(ConfigurationIssue(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, path: path,
                                         message: message))
    }
}

/// A position in the tree: a node (or its absence) and the dotted path that led to it.
struct ConfigNode {
    let node: Node?
    let path: String
    let reader: ConfigReader

    var exists: Bool { node != nil && node?.isNull == false }

    func child(_ key: String) -> ConfigNode {
        let childPath = path.isEmpty ? key : "\(path).\(key)"
        guard let mapping = node?.mapping else { return ConfigNode(node: nil, path: childPath, reader: reader) }
        return ConfigNode(node: mapping[Node(key)], path: childPath, reader: reader)
    }

    /// Reports keys of this mapping that are not in `known`.
    func checkKeys(_ known: Set<String>) {
        guard let node else { return }
        guard let mapping = node.mapping else {
            reader.report(node, path, "expected a mapping")
            return
        }
        for (key, _) in mapping {
            guard let name = key.string else {
                reader.report(key, path, "keys must be strings")
                continue
            }
            if !known.contains(name) {
                let suggestion = EditDistance.nearest(to: name, among: known)
                reader.report(key, path.isEmpty ? name : "\(path).\(name)",
                              "unknown key '\(name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""))
            }
        }
    }

    /// The entries of a mapping in file order (none, with an issue, if it is something else).
    func entries() -> [(key: String, value: ConfigNode)] {
        guard let node, !node.isNull else { return [] }
        guard let mapping = node.mapping else {
            reader.report(node, path, "expected a mapping")
            return []
        }
        return mapping.compactMap { key, value in
            guard let name = key.string else {
                reader.report(key, path, "keys must be strings")
                return nil
            }
            return (name, ConfigNode(node: value, path: path.isEmpty ? name : "\(path).\(name)", reader: reader))
        }
    }

    /// A `[low, high]` pair of numbers with low < high (nil, with an issue, if it is something else).
    func range(within limits: ClosedRange<Double>? = nil) -> ClosedRange<Double>? {
        guard exists else { return nil }
        let numbers = elements().compactMap { $0.double(required: true) }
        guard numbers.count == 2, numbers[0] < numbers[1] else {
            reader.report(node, path, "expected [low, high] with low < high")
            return nil
        }
        if let limits, numbers[0] < limits.lowerBound || numbers[1] > limits.upperBound {
            reader.report(node, path, "must lie within \(limits.lowerBound)…\(limits.upperBound)")
            return nil
        }
        return numbers[0]...numbers[1]
    }

    /// The elements of a sequence (none, with an issue, if it is something else).
    func elements() -> [ConfigNode] {
        guard let node, !node.isNull else { return [] }
        guard let sequence = node.sequence else {
            reader.report(node, path, "expected a list")
            return []
        }
        return sequence.enumerated().map { ConfigNode(node: $1, path: "\(path)[\($0)]", reader: reader) }
    }

    /// A string with `${VAR}` / `${VAR:-default}` replaced from the environment.
    func string(required: Bool = false) -> String? {
        guard let node, !node.isNull else {
            if required { reader.report(self.node, path, "is required") }
            return nil
        }
        guard let scalar = node.scalar else {
            reader.report(node, path, "expected a string")
            return nil
        }
        return interpolate(scalar.string, node: node)
    }

    func double(required: Bool = false) -> Double? {
        guard let text = string(required: required) else { return nil }
        guard let value = Double(text), value.isFinite else {
            reader.report(node, path, "expected a number, found '\(text)'")
            return nil
        }
        return value
    }

    func int(required: Bool = false, range: ClosedRange<Int>? = nil) -> Int? {
        guard let text = string(required: required) else { return nil }
        guard let value = Int(text) else {
            reader.report(node, path, "expected a whole number, found '\(text)'")
            return nil
        }
        if let range, !range.contains(value) {
            reader.report(node, path, "must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
            return nil
        }
        return value
    }

    func bool() -> Bool? {
        guard let text = string() else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            reader.report(node, path, "expected true or false, found '\(text)'")
            return nil
        }
    }

    func strings() -> [String] {
        guard let node, !node.isNull else { return [] }
        if node.scalar != nil { return string().map { [$0] } ?? [] }
        return elements().compactMap { $0.string() }
    }

    private func interpolate(_ text: String, node: Node) -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                reader.report(node, path, "unterminated '${' in '\(text)'")
                return text
            }
            let expression = rest[start.upperBound..<end]
            let (name, fallback): (Substring, Substring?) = {
                if let range = expression.range(of: ":-") {
                    return (expression[..<range.lowerBound], expression[range.upperBound...])
                }
                return (expression, nil)
            }()
            if let value = reader.environment[String(name)], !value.isEmpty {
                result += value
            } else if let fallback {
                result += fallback
            } else {
                reader.unset(name, node: node, path: path)
            }
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }
}

extension Node {
    /// `~`, `null`, or an empty plain scalar.
    var isNull: Bool {
        guard let scalar = scalar, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }
}
