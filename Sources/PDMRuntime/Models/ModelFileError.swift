/// A model file that cannot be used, with the file and the place in it.
public struct ModelFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// Dotted path of the offending field (`healthIndicator.channels[2].scale`), empty for the file.
    public var field: String
    public var message: String

    public init(path: String, field: String = "", _ message: String) {
        self.path = path
        self.field = field
        self.message = message
    }

    public var description: String {
        field.isEmpty ? "\(path): \(message)" : "\(path): \(field): \(message)"
    }
}
