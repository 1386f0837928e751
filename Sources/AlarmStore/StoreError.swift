/// A storage failure, with the database file and what was being done.
package struct StoreError: Error, Sendable, CustomStringConvertible {
    package var path: String
    package var operation: String
    package var detail: String

    package init(path: String, operation: String, detail: String) {
        self.path = path
        self.operation = operation
        self.detail = detail
    }

    package var description: String { "\(path): \(operation): \(detail)" }
}
