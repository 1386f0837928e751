import Foundation
import Mustache

/// Renders the Mustache templates of a receiver, escaping each value for where it lands: JSON
/// string content in bodies, percent-encoding in URLs, no line breaks in headers.
package struct TemplateRenderer: Sendable {
    /// Where a rendered value goes.
    package enum Target: String, Sendable {
        case json = "PDM_JSON"
        case url = "PDM_URL"
        case header = "PDM_HEADER"
        case text = "TEXT"
    }

    private struct JSONEscaping: MustacheContentType {
        func escapeText(_ text: String) -> String {
            var result = ""
            result.reserveCapacity(text.utf8.count)
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": result += "\\\""
                case "\\": result += "\\\\"
                case "\n": result += "\\n"
                case "\r": result += "\\r"
                case "\t": result += "\\t"
                case let c where c.value < 0x20: result += String(format: "\\u%04x", c.value)
                default: result.unicodeScalars.append(scalar)
                }
            }
            return result
        }
    }

    private struct URLEscaping: MustacheContentType {
        static let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        func escapeText(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: Self.allowed) ?? ""
        }
    }

    private struct HeaderEscaping: MustacheContentType {
        func escapeText(_ text: String) -> String {
            String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" })
        }
    }

    /// The content types are registered once, before the first template is compiled.
    private static let registered: Bool = {
        MustacheContentTypes.register(JSONEscaping(), named: Target.json.rawValue)
        MustacheContentTypes.register(URLEscaping(), named: Target.url.rawValue)
        MustacheContentTypes.register(HeaderEscaping(), named: Target.header.rawValue)
        return true
    }()

    private let template: MustacheTemplate

    /// Compiles a template for a target.
    package init(_ text: String, for target: Target) throws {
        _ = Self.registered
        template = try MustacheTemplate(string: "{{% CONTENT_TYPE: \(target.rawValue)}}" + text)
    }

    package func render(_ context: [String: Any]) -> String {
        template.render(context)
    }
}
