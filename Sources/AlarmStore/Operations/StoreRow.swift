/// One row a statement returned, read by column name.
package struct StoreRow: Sendable, Hashable {
    package var columns: [String]
    package var values: [StoreValue]

    package init(columns: [String], values: [StoreValue]) {
        self.columns = columns
        self.values = values
    }

    /// The column's value as `T`; an absent column or a value of another type is an error that
    /// names the column.
    package subscript<T: StoreColumnValue>(_ column: String) -> T {
        get throws(StoreRowError) {
            guard let index = columns.firstIndex(of: column) else { throw StoreRowError(column: column, found: nil) }
            guard let value = T(storeValue: values[index]) else {
                throw StoreRowError(column: column, found: values[index])
            }
            return value
        }
    }
}

/// A column missing from a row, or holding a value of another type than expected.
package struct StoreRowError: Error, Sendable, CustomStringConvertible {
    package var column: String
    package var found: StoreValue?

    package var description: String {
        guard let found else { return "no column \(column)" }
        return "column \(column) holds \(found), not the expected type"
    }
}
