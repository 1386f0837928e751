/// Writes JSON text directly: the alarm record and the outbox payload are written for every
/// transition, and the notification payload for every delivery, and a generic encoder costs more
/// than the database write itself. The output decodes with `JSONDecoder` into the same values
/// (the record tests check the round trip), and numbers and strings are written as
/// `JSONEncoder.stable` writes them.
package struct JSONText {
    package private(set) var text = ""

    package init() {
        text.reserveCapacity(512)
    }

    private var needsComma = false

    package mutating func object(_ body: (inout JSONText) -> Void) {
        separate()
        text.append("{")
        needsComma = false
        body(&self)
        text.append("}")
        needsComma = true
    }

    package mutating func array(_ body: (inout JSONText) -> Void) {
        separate()
        text.append("[")
        needsComma = false
        body(&self)
        text.append("]")
        needsComma = true
    }

    /// A key inside an object; the value written next belongs to it.
    package mutating func key(_ name: String) {
        separate()
        appendString(name)
        text.append(":")
        needsComma = false
    }

    package mutating func string(_ value: String) {
        separate()
        appendString(value)
        needsComma = true
    }

    package mutating func number(_ value: Double) {
        separate()
        guard value.isFinite else {
            text.append("0")
            needsComma = true
            return
        }
        // The shortest text that reads back as the same value, without a trailing ".0", as the
        // generic encoder writes it.
        let digits = value.description
        text.append(digits.hasSuffix(".0") ? String(digits.dropLast(2)) : digits)
        needsComma = true
    }

    package mutating func number(_ value: Int) {
        separate()
        text.append(String(value))
        needsComma = true
    }

    package mutating func bool(_ value: Bool) {
        separate()
        text.append(value ? "true" : "false")
        needsComma = true
    }

    /// `"name": value` for each present optional.
    package mutating func field(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    package mutating func field(_ name: String, _ value: Double?) {
        guard let value else { return }
        key(name)
        number(value)
    }

    private mutating func separate() {
        if needsComma { text.append(",") }
    }

    private mutating func appendString(_ value: String) {
        text.append("\"")
        // Most names need no escaping: append them whole.
        if !value.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) {
            text.append(value)
            text.append("\"")
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text.append("\\\"")
            case "\\": text.append("\\\\")
            case "\n": text.append("\\n")
            case "\r": text.append("\\r")
            case "\t": text.append("\\t")
            case "\u{8}": text.append("\\b")
            case "\u{C}": text.append("\\f")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text.append("\"")
    }
}
