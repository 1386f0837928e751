/// A fast reader for the common reading payload: a flat JSON object of numbers and plain strings
/// (`{"ts": 1700000000.25, "value": 3.1}`). Anything else (nesting, escapes, odd spacing it does
/// not expect) returns nil, and the general JSON parser takes over, with its error messages.
enum FlatJSON {
    enum Value: Equatable {
        case number(Double)
        case string(String)
    }

    static func parse(_ bytes: [UInt8]) -> [(key: String, value: Value)]? {
        bytes.withUnsafeBufferPointer { buffer -> [(key: String, value: Value)]? in
            var index = 0
            let count = buffer.count
            func skipSpace() {
                while index < count, buffer[index] == 0x20 || buffer[index] == 0x0A || buffer[index] == 0x0D || buffer[index] == 0x09 {
                    index += 1
                }
            }
            func string() -> String? {
                guard index < count, buffer[index] == 0x22 else { return nil }
                index += 1
                let start = index
                while index < count, buffer[index] != 0x22 {
                    if buffer[index] == 0x5C || buffer[index] < 0x20 { return nil }  // escapes: the general parser
                    index += 1
                }
                guard index < count else { return nil }
                let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            func digits() -> Int {
                let start = index
                while index < count, (0x30...0x39).contains(buffer[index]) { index += 1 }
                return index - start
            }
            /// A number in JSON's grammar, `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`; nil for
            /// anything else (`01.5`, `+1`, `.5`, `1.`), which the general parser then refuses.
            func number() -> Double? {
                let start = index
                if index < count, buffer[index] == 0x2D { index += 1 }
                guard index < count else { return nil }
                if buffer[index] == 0x30 {
                    index += 1
                    if index < count, (0x30...0x39).contains(buffer[index]) { return nil }
                } else if digits() == 0 {
                    return nil
                }
                if index < count, buffer[index] == 0x2E {
                    index += 1
                    guard digits() > 0 else { return nil }
                }
                if index < count, buffer[index] == 0x65 || buffer[index] == 0x45 {
                    index += 1
                    if index < count, buffer[index] == 0x2B || buffer[index] == 0x2D { index += 1 }
                    guard digits() > 0 else { return nil }
                }
                let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
                return Double(text)
            }
            var fields: [(key: String, value: Value)] = []
            skipSpace()
            guard index < count, buffer[index] == 0x7B else { return nil }
            index += 1
            skipSpace()
            if index < count, buffer[index] == 0x7D { index += 1; skipSpace(); return index == count ? fields : nil }
            while true {
                skipSpace()
                guard let key = string() else { return nil }
                skipSpace()
                guard index < count, buffer[index] == 0x3A else { return nil }
                index += 1
                skipSpace()
                guard index < count else { return nil }
                if buffer[index] == 0x22 {
                    guard let text = string() else { return nil }
                    fields.append((key, .string(text)))
                } else {
                    guard let value = number() else { return nil }
                    fields.append((key, .number(value)))
                }
                skipSpace()
                guard index < count else { return nil }
                if buffer[index] == 0x2C { index += 1; continue }
                guard buffer[index] == 0x7D else { return nil }
                index += 1
                skipSpace()
                return index == count ? fields : nil
            }
        }
    }
}
