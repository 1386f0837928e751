/// The SQL engine a store runs on, for the few places where the two differ.
package enum StoreDialect: String, Sendable, Hashable {
    case sqlite
    case postgres

    /// `column` matches the shell-style pattern (`*`, `?`, `[…]`) that the returned argument
    /// carries, case-sensitively: SQLite's GLOB, a POSIX regular expression for PostgreSQL.
    package func matching(_ column: String, pattern: String) -> (sql: String, argument: StoreValue) {
        switch self {
        case .sqlite: ("\(column) GLOB ?", .text(pattern))
        case .postgres: ("\(column) ~ ?", .text(Self.regularExpression(glob: pattern)))
        }
    }

    /// The anchored regular expression that matches what `glob` matches.
    static func regularExpression(glob: String) -> String {
        var expression = "^"
        var inClass = false
        for character in glob {
            if inClass {
                if character == "]" { inClass = false }
                expression.append(character == "\\" ? "\\\\" : String(character))
                continue
            }
            switch character {
            case "*": expression += ".*"
            case "?": expression += "."
            case "[": inClass = true; expression += "["
            case ".", "+", "(", ")", "{", "}", "^", "$", "|", "\\", "]": expression += "\\" + String(character)
            default: expression.append(character)
            }
        }
        return expression + "$"
    }
}
