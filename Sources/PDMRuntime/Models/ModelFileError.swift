/// A model file that cannot be used, with the file and the place in it.
package struct ModelFileError: Error, Sendable, Hashable, CustomStringConvertible {
    package var path: String
    /// Dotted path of the offending field (`healthIndicator.channels[2].scale`), empty for the file.
    package var field: String
    package var message: String

    package init(path: String, field: String = "", _ message: String) {
        self.path = path
        self.field = field
        self.message = message
    }

    package var description: String {
        field.isEmpty ? "\(path): \(message)" : "\(path): \(field): \(message)"
    }
}
