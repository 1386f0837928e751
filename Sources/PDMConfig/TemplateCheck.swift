import Mustache

/// Parses a Mustache template of alarms.yaml so that a typo is reported at load with its
/// position, not at the first delivery.
enum TemplateCheck {
    /// nil when the template parses; otherwise what is wrong.
    static func problem(in text: String) -> String? {
        do {
            _ = try MustacheTemplate(string: text)
            return nil
        } catch let error as MustacheTemplate.ParserError {
            return "invalid template at column \(error.context.columnNumber) of line \(error.context.lineNumber) of the template: \(error.error)"
        } catch {
            return "invalid template: \(error)"
        }
    }
}
