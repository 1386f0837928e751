import Foundation

extension JSONEncoder {
    /// Sorted keys, unescaped slashes: equal documents give equal bytes.
    package static let stable: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

extension Encodable {
    /// The value as JSON bytes with sorted keys (equal values give equal bytes), for payloads of
    /// strings, Booleans and finite numbers only, which cannot fail to encode.
    package func jsonBytes() -> [UInt8] {
        (try? Array(JSONEncoder.stable.encode(self))) ?? Array("{}".utf8)
    }
}
