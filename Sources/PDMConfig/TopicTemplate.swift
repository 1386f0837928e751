/// A topic pattern with named levels, such as `plant/{site}/{asset}/{channel}`: it subscribes as
/// `plant/+/+/+` and maps each received topic to its named parts.
package struct TopicTemplate: Sendable, Hashable, CustomStringConvertible {
    fileprivate enum Level: Sendable, Hashable {
        case literal(String)
        case named(String)
        /// A trailing `#`: any number of further levels, ignored.
        case rest
    }

    package let template: String
    fileprivate let levels: [Level]

    /// Parses a template; `{name}` must fill a whole level, `#` may end it.
    package init(_ template: String) throws(TopicTemplateError) {
        self.template = template
        var levels: [Level] = []
        var names = Set<String>()
        let parts = template.split(separator: "/", omittingEmptySubsequences: false)
        for (offset, part) in parts.enumerated() {
            if part.hasPrefix("{") && part.hasSuffix("}") && part.count > 2 {
                let name = String(part.dropFirst().dropLast())
                guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw TopicTemplateError(template: template, reason: "'{\(name)}' is not a valid name")
                }
                guard names.insert(name).inserted else {
                    throw TopicTemplateError(template: template, reason: "'{\(name)}' appears twice")
                }
                levels.append(.named(name))
            } else if part == "#" && offset == parts.count - 1 {
                levels.append(.rest)
            } else if part.contains("{") || part.contains("}") || part.contains("+") || part.contains("#") {
                throw TopicTemplateError(template: template,
                                         reason: "level '\(part)' mixes text with a placeholder or wildcard")
            } else {
                levels.append(.literal(String(part)))
            }
        }
        guard names.contains("asset") else {
            throw TopicTemplateError(template: template, reason: "must contain {asset}")
        }
        self.levels = levels
    }

    package var description: String { template }

    /// The MQTT subscription filter: placeholders become `+`.
    package var filter: String {
        levels.map { level in
            switch level {
            case .literal(let text): return text
            case .named: return "+"
            case .rest: return "#"
            }
        }.joined(separator: "/")
    }

    package var names: [String] {
        levels.compactMap { if case .named(let name) = $0 { return name } else { return nil } }
    }

    /// The named parts of `topic`, or `nil` when it does not fit the template.
    package func match(_ topic: String) -> [String: String]? {
        let parts = topic.split(separator: "/", omittingEmptySubsequences: false)
        var values: [String: String] = [:]
        for (index, level) in levels.enumerated() {
            switch level {
            case .rest:
                return values
            case .literal(let text):
                guard index < parts.count, parts[index] == text else { return nil }
            case .named(let name):
                guard index < parts.count, !parts[index].isEmpty else { return nil }
                values[name] = String(parts[index])
            }
        }
        return parts.count == levels.count ? values : nil
    }
}

/// Why a topic template cannot be used.
package struct TopicTemplateError: Error, Sendable, CustomStringConvertible {
    package var template: String
    package var reason: String
    package var description: String { "topic template '\(template)': \(reason)" }
}

extension TopicTemplate {
    /// The topic with the named levels filled in (missing names become `_`; a trailing `#` is dropped).
    package func topic(_ values: [String: String]) -> String {
        levels.compactMap { level -> String? in
            switch level {
            case .literal(let text): return text
            case .named(let name): return values[name] ?? "_"
            case .rest: return nil
            }
        }.joined(separator: "/")
    }
}
