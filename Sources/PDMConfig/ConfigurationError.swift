/// One problem in a configuration file, with where it is.
package struct ConfigurationIssue: Sendable, Hashable, CustomStringConvertible {
    package var file: String
    /// 1-based line, or 0 when the position is unknown.
    package var line: Int
    /// 1-based column, or 0 when the position is unknown.
    package var column: Int
    /// Dotted path of the offending key, e.g. `rules[2].above`.
    package var path: String
    package var message: String

    package init(file: String, line: Int, column: Int, path: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    /// `issues` by line and column (stable for equal positions); those without a position last.
    static func inFileOrder(_ issues: [ConfigurationIssue]) -> [ConfigurationIssue] {
        issues.enumerated().sorted { a, b in
            let left = (a.element.line == 0 ? Int.max : a.element.line, a.element.column, a.offset)
            let right = (b.element.line == 0 ? Int.max : b.element.line, b.element.column, b.offset)
            return left < right
        }.map(\.element)
    }

    package var description: String {
        let location = line > 0 ? "\(file):\(line):\(column)" : file
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}

/// A configuration file that cannot be used; lists every problem found, not just the first.
package struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    package var issues: [ConfigurationIssue]

    package init(issues: [ConfigurationIssue]) { self.issues = issues }

    package var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
