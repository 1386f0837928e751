/// A value bound to, or read from, a store statement: the types both SQLite and PostgreSQL hold.
package enum StoreValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension StoreValue {
    package init(_ value: Int) { self = .integer(Int64(value)) }
    package init(_ value: Int64) { self = .integer(value) }
    package init(_ value: Double) { self = .real(value) }
    package init(_ value: String) { self = .text(value) }
    package init(_ value: Double?) { self = value.map(StoreValue.real) ?? .null }
    package init(_ value: String?) { self = value.map(StoreValue.text) ?? .null }
}

/// A Swift type a column can be read as.
package protocol StoreColumnValue {
    /// The value, or nil when the stored value is not of this type.
    init?(storeValue: StoreValue)
}

extension Int64: StoreColumnValue {
    package init?(storeValue: StoreValue) {
        switch storeValue {
        case .integer(let value): self = value
        case .null, .real, .text, .blob: return nil
        }
    }
}

extension Int: StoreColumnValue {
    package init?(storeValue: StoreValue) {
        guard let value = Int64(storeValue: storeValue), let exact = Int(exactly: value) else { return nil }
        self = exact
    }
}

extension Int32: StoreColumnValue {
    package init?(storeValue: StoreValue) {
        guard let value = Int64(storeValue: storeValue), let exact = Int32(exactly: value) else { return nil }
        self = exact
    }
}

extension Double: StoreColumnValue {
    package init?(storeValue: StoreValue) {
        switch storeValue {
        case .real(let value): self = value
        // SQLite keeps a REAL column's whole number as an integer when it was bound as one.
        case .integer(let value): self = Double(value)
        case .null, .text, .blob: return nil
        }
    }
}

extension String: StoreColumnValue {
    package init?(storeValue: StoreValue) {
        switch storeValue {
        case .text(let value): self = value
        case .null, .integer, .real, .blob: return nil
        }
    }
}

extension Array: StoreColumnValue where Element == UInt8 {
    package init?(storeValue: StoreValue) {
        switch storeValue {
        case .blob(let value): self = value
        case .null, .integer, .real, .text: return nil
        }
    }
}

extension Optional: StoreColumnValue where Wrapped: StoreColumnValue {
    package init?(storeValue: StoreValue) {
        if case .null = storeValue {
            self = .none
        } else if let value = Wrapped(storeValue: storeValue) {
            self = .some(value)
        } else {
            return nil
        }
    }
}
