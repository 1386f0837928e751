/// One member's value of an object written by ``JSONText/object(members:)``.
package enum JSONMember: Sendable {
    case string(String)
    case number(Double)
    case integer(Int)
    case bool(Bool)
}

extension JSONText {
    /// An object of `members`, written in key order as `JSONEncoder.stable` sorts them (absent
    /// optionals are simply not among them): for payloads whose members come from several
    /// places, such as an alarm event's, which is the alarm's record beside the change's fields.
    package mutating func object(members: [(key: String, value: JSONMember)]) {
        object { json in
            for (key, value) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                json.key(key)
                switch value {
                case .string(let text): json.string(text)
                case .number(let number): json.number(number)
                case .integer(let integer): json.number(integer)
                case .bool(let flag): json.bool(flag)
                }
            }
        }
    }
}
