import SwiftProtobuf

/// A Sparkplug B payload: the protobuf message of the specification (generated code).
package typealias SparkplugPayload = Org_Eclipse_Tahu_Protobuf_Payload
/// One metric of a Sparkplug B payload.
package typealias SparkplugMetric = Org_Eclipse_Tahu_Protobuf_Payload.Metric
/// The data types of Sparkplug B metrics.
package typealias SparkplugDataType = Org_Eclipse_Tahu_Protobuf_DataType

extension SparkplugPayload {
    /// Decodes a payload received on `topic`; anything that is not a Sparkplug B protobuf message
    /// (truncated, a wrong wire type, JSON) is a ``SparkplugError`` naming the topic.
    package init(decoding bytes: [UInt8], topic: String) throws(SparkplugError) {
        do {
            self = try SparkplugPayload(serializedBytes: bytes)
        } catch {
            throw SparkplugError(topic: topic, reason: .malformedPayload("\(error)"))
        }
    }

    /// The payload's bytes, as published.
    package func encoded() -> [UInt8] {
        // A proto2 message without required fields always encodes.
        (try? serializedBytes()) ?? []
    }

    /// The value of the metric named `name` as an unsigned integer (`bdSeq` of births and deaths).
    package func unsignedMetric(named name: String) -> UInt64? {
        guard let metric = metrics.first(where: { $0.name == name }) else { return nil }
        switch metric.value {
        case .longValue(let value): return value
        case .intValue(let value): return UInt64(value)
        case .doubleValue, .floatValue, .booleanValue, .stringValue, .bytesValue, nil: return nil
        }
    }
}

extension SparkplugMetric {
    /// The metric's value as a reading, read as `dataType` says (the birth's data type when this
    /// metric gives none); nil for values that are not numbers. Booleans read as 1 and 0; 8-, 16-
    /// and 32-bit signed integers travel in `int_value` as their two's complement.
    package func number(as dataType: UInt32?) -> Double? {
        let type = dataType.flatMap { SparkplugDataType(rawValue: Int($0)) }
        switch value {
        case .intValue(let bits):
            switch type {
            case .int8: return Double(Int8(truncatingIfNeeded: bits))
            case .int16: return Double(Int16(truncatingIfNeeded: bits))
            case .int32: return Double(Int32(bitPattern: bits))
            case .int64: return Double(Int64(Int32(bitPattern: bits)))
            case .dateTime: return nil
            default: return Double(bits)
            }
        case .longValue(let bits):
            switch type {
            case .int8, .int16, .int32, .int64: return Double(Int64(bitPattern: bits))
            case .dateTime: return nil
            default: return Double(bits)
            }
        case .floatValue(let value): return value.isFinite ? Double(value) : nil
        case .doubleValue(let value): return value.isFinite ? value : nil
        case .booleanValue(let value): return value ? 1 : 0
        case .stringValue, .bytesValue, nil: return nil
        }
    }

    /// Whether the metric carries a value of a kind pdm does not read (text, bytes, data sets,
    /// templates, arrays): such metrics are counted, not turned into readings.
    package var hasValue: Bool { value != nil || !unknownFields.data.isEmpty }
}
