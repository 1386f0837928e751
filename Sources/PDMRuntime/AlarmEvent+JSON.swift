import Foundation

extension AlarmEvent {
    /// Version of the alarm payload format.
    public static let payloadVersion = 1

    private struct Payload: Encodable {
        var version: Int
        var asset: String
        var rule: String
        var channel: String
        var state: String
        var priority: String
        var value: Double
        var limit: Double
        var direction: String
        var deadband: Double
        var ts: String
        var mean: Double
        var std: Double
    }

    /// The JSON payload (keys sorted, so equal events give equal bytes).
    public func jsonPayload() -> [UInt8] {
        let payload = Payload(
            version: Self.payloadVersion, asset: asset, rule: rule.name, channel: reading.channel,
            state: state.rawValue, priority: rule.priority, value: reading.value, limit: rule.limit,
            direction: rule.direction.rawValue, deadband: rule.deadband,
            ts: Date(timeIntervalSince1970: reading.time).formatted(.iso8601.time(includingFractionalSeconds: true)
                .year().month().day().dateTimeSeparator(.standard).timeZone(separator: .omitted)),
            mean: mean, std: standardDeviation)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Every field is a plain string or finite number, so encoding cannot fail.
        return Array((try? encoder.encode(payload)) ?? Data("{}".utf8))
    }
}
