import Foundation

/// Parses reading payloads:
/// `{"ts": <Unix seconds or ISO 8601>, "value": <number>}` for one channel,
/// `{"ts": …, "values": {"<channel>": <number>, …}}` for several, and waveform blocks of one
/// channel: `{"ts": …, "fs": <Hz>, "samples": [<number>, …]}` or the binary form
/// (``WaveformBlock/binaryPayload()``). `ts` may be left out; the time of arrival is used then.
/// The upload of the Neuron industrial gateway is read too: `{"node": …, "group": …, "timestamp":
/// <Unix ms>, "values": {"<tag>": <value>, …}, "errors": {"<tag>": <code>, …}}`, tags as channels.
package struct ReadingParser: Sendable {
    package init() {}

    /// What one payload holds.
    package enum Payload: Sendable, Hashable {
        case readings([Reading])
        case waveform(WaveformBlock)
        /// A gateway upload: the tags' readings, the tags it reports in error (channel and code),
        /// and the tags whose values are not numbers.
        case gateway(readings: [Reading], faults: [GatewayFault], rejected: [ReadingError])
    }

    /// A tag the gateway reports in error instead of giving its value.
    package struct GatewayFault: Sendable, Hashable {
        package var asset: String
        package var channel: String
        package var time: Double
        package var code: Int
    }

    /// The readings or waveform block in `payload`, for `asset`; `channel` is the channel a single
    /// `value` or a waveform belongs to.
    package func parsePayload(_ payload: [UInt8], topic: String, asset: String, channel: String?,
                             receivedAt: Double) throws(ReadingError) -> Payload {
        if WaveformBlock.isBinary(payload) {
            guard let channel else { throw .missingChannel(topic: topic) }
            return .waveform(try WaveformBlock.decodeBinary(payload, topic: topic, asset: asset, channel: channel))
        }
        if let channel, let reading = fastReading(payload, asset: asset, channel: channel, receivedAt: receivedAt) {
            return .readings([reading])
        }
        let fields = try object(payload, topic: topic)
        if fields["ts"] == nil, fields["timestamp"] != nil, fields["node"] != nil || fields["group"] != nil {
            return try gateway(fields, topic: topic, asset: asset, receivedAt: receivedAt)
        }
        let time = try timestamp(fields["ts"], topic: topic) ?? receivedAt
        if let samples = fields["samples"] {
            guard let channel else { throw .missingChannel(topic: topic) }
            guard fields["value"] == nil, fields["values"] == nil else {
                throw .malformedPayload(topic: topic, detail: "a waveform block has 'samples' and no 'value' or 'values'")
            }
            guard let list = samples as? [Any] else {
                throw .malformedPayload(topic: topic, detail: "'samples' must be an array of numbers")
            }
            guard let rateField = fields["fs"] else {
                throw .malformedPayload(topic: topic, detail: "a waveform block needs 'fs', its sample rate in Hz")
            }
            let rate = try number(rateField, topic: topic, channel: channel)
            try WaveformBlock.checkShape(sampleRate: rate, count: list.count, topic: topic, channel: channel)
            var values = [Float](repeating: 0, count: list.count)
            for (index, element) in list.enumerated() {
                guard let sample = Self.numeric(element).map({ Float($0.doubleValue) }), sample.isFinite else {
                    throw .invalidValue(topic: topic, channel: channel,
                                        detail: "sample \(index) is \(Self.describe(element)), not a finite number")
                }
                values[index] = sample
            }
            return .waveform(WaveformBlock(asset: asset, channel: channel, time: time, sampleRate: rate, samples: values))
        }
        return .readings(try readings(fields, time: time, topic: topic, asset: asset, channel: channel))
    }

    /// `{"ts": <number>, "value": <number>}` (or without `ts`) read without the general JSON parser;
    /// nil for anything else, which the general path reads (or explains).
    private func fastReading(_ payload: [UInt8], asset: String, channel: String, receivedAt: Double) -> Reading? {
        guard payload.count < 256, let fields = FlatJSON.parse(payload), fields.count <= 2 else { return nil }
        var value: Double?
        var time: Double?
        for field in fields {
            switch (field.key, field.value) {
            case ("value", .number(let number)) where number.isFinite && value == nil: value = number
            case ("ts", .number(let seconds)) where Reading.plausibleTimes.contains(seconds) && time == nil: time = seconds
            default: return nil
            }
        }
        guard let value else { return nil }
        return Reading(asset: asset, channel: channel, time: time ?? receivedAt, value: value)
    }

    /// A Neuron upload: numbers (and Booleans, as 0 and 1) become readings, error codes faults,
    /// anything else a rejection of that tag alone.
    private func gateway(_ fields: [String: Any], topic: String, asset: String,
                         receivedAt: Double) throws(ReadingError) -> Payload {
        guard let stamp = fields["timestamp"].flatMap(Self.numeric)?.doubleValue, stamp.isFinite else {
            throw .invalidTimestamp(topic: topic, text: fields["timestamp"].map(Self.describe) ?? "")
        }
        let time = try Reading.checkTime(stamp / 1000, topic: topic)
        let values = fields["values"] as? [String: Any] ?? [:]
        let errors = fields["errors"] as? [String: Any] ?? [:]
        guard !values.isEmpty || !errors.isEmpty else {
            throw .malformedPayload(topic: topic, detail: "a gateway upload needs 'values' or 'errors'")
        }
        var readings: [Reading] = []
        var rejected: [ReadingError] = []
        for tag in values.keys.sorted() {
            let value = values[tag] as Any
            if let flag = value as? NSNumber, String(cString: flag.objCType) == "c" {
                readings.append(Reading(asset: asset, channel: tag, time: time, value: flag.boolValue ? 1 : 0))
            } else if let number = Self.numeric(value), number.doubleValue.isFinite {
                readings.append(Reading(asset: asset, channel: tag, time: time, value: number.doubleValue))
            } else {
                rejected.append(.invalidValue(topic: topic, channel: tag, detail: "expected a number, found \(Self.describe(value))"))
            }
        }
        let faults = errors.keys.sorted().map { tag in
            GatewayFault(asset: asset, channel: tag, time: time, code: Self.numeric(errors[tag] as Any)?.intValue ?? -1)
        }
        return .gateway(readings: readings, faults: faults, rejected: rejected)
    }

    private func object(_ payload: [UInt8], topic: String) throws(ReadingError) -> [String: Any] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(payload), options: [])
        } catch {
            // Foundation's reason names the place ("Number with leading zero around character 7").
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw .malformedPayload(topic: topic, detail: "not JSON" + (reason.map { ": " + $0 } ?? ""))
        }
        guard let fields = object as? [String: Any] else {
            throw .malformedPayload(topic: topic, detail: "expected a JSON object")
        }
        return fields
    }

    private func readings(_ fields: [String: Any], time: Double, topic: String, asset: String,
                          channel: String?) throws(ReadingError) -> [Reading] {
        switch (fields["value"], fields["values"]) {
        case (let value?, nil):
            guard let channel else { throw .missingChannel(topic: topic) }
            return [Reading(asset: asset, channel: channel, time: time,
                            value: try number(value, topic: topic, channel: channel))]
        case (nil, let values?):
            guard let map = values as? [String: Any], !map.isEmpty else {
                throw .malformedPayload(topic: topic, detail: "'values' must be a non-empty object")
            }
            return try map.keys.sorted().map { key throws(ReadingError) in
                Reading(asset: asset, channel: key, time: time, value: try number(map[key] as Any, topic: topic, channel: key))
            }
        case (nil, nil):
            throw .malformedPayload(topic: topic, detail: "needs 'value', 'values' or 'samples' (with 'fs')")
        case (_?, _?):
            throw .malformedPayload(topic: topic, detail: "has both 'value' and 'values'")
        }
    }

    private func number(_ any: Any, topic: String, channel: String) throws(ReadingError) -> Double {
        guard let number = Self.numeric(any) else {
            throw .invalidValue(topic: topic, channel: channel, detail: "expected a number, found \(Self.describe(any))")
        }
        let value = number.doubleValue
        guard value.isFinite else {
            throw .invalidValue(topic: topic, channel: channel, detail: "\(value) is not finite")
        }
        return value
    }

    private func timestamp(_ any: Any?, topic: String) throws(ReadingError) -> Double? {
        guard let any, !(any is NSNull) else { return nil }
        if let text = any as? String {
            for style in [Date.ISO8601FormatStyle(includingFractionalSeconds: true), Date.ISO8601FormatStyle()] {
                if let date = try? style.parse(text) { return try Reading.checkTime(date.timeIntervalSince1970, topic: topic) }
            }
            throw .invalidTimestamp(topic: topic, text: text)
        }
        if let number = Self.numeric(any), number.doubleValue.isFinite {
            return try Reading.checkTime(number.doubleValue, topic: topic)
        }
        throw .invalidTimestamp(topic: topic, text: Self.describe(any))
    }

    /// A JSON number; JSON `true`/`false` also arrive as NSNumber, told apart by their type code "c".
    private static func numeric(_ any: Any) -> NSNumber? {
        guard let number = any as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        return number
    }

    private static func describe(_ any: Any) -> String {
        switch any {
        case is NSNull: return "null"
        case let string as String: return "\"\(string)\""
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return "\(any)"
        }
    }
}
