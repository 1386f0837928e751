import Foundation

/// pdm's own notification JSON (webhooks with `format: generic`, and mqtt receivers).
struct GenericPayload: Encodable {
    var version: Int
    var idempotency_key: String
    var receiver: String
    var kind: String
    var asset: String
    var rule: String
    var occurrence: Int
    var state: String
    var priority: String
    var priority_rank: Int
    var value: Double?
    var message: String
    var area: String
    var level: Int?
    var time: Double
    var ts: String
    var raised_at: Double?
    var ticket: [String: String]

    init(_ document: NotificationDocument) {
        let intent = document.intent
        version = NotificationDocument.version
        idempotency_key = document.idempotencyKey
        receiver = document.receiver
        kind = intent.kind.rawValue
        asset = document.asset
        rule = document.rule
        occurrence = intent.occurrence
        state = intent.state.rawValue
        priority = intent.priority.name
        priority_rank = intent.priority.rank
        value = intent.value
        message = intent.message
        area = document.area
        level = intent.level
        time = intent.time
        ts = Timestamp.iso8601(intent.time)
        raised_at = document.raisedAt
        ticket = document.ticket
    }
}

extension JSONEncoder {
    /// Sorted keys, unescaped slashes: equal documents give equal bytes.
    static let stable: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

extension Encodable {
    /// The value as JSON bytes with sorted keys (equal values give equal bytes), for payloads of
    /// strings, Booleans and finite numbers only, which cannot fail to encode.
    public func jsonBytes() -> [UInt8] {
        (try? Array(JSONEncoder.stable.encode(self))) ?? Array("{}".utf8)
    }
}
