/// A storage failure, with the database file and what was being done.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var detail: String

    public init(path: String, operation: String, detail: String) {
        self.path = path
        self.operation = operation
        self.detail = detail
    }

    public var description: String { "\(path): \(operation): \(detail)" }
}
