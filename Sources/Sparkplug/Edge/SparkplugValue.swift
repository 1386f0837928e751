/// A metric value an edge node publishes.
package enum SparkplugValue: Sendable, Hashable {
    case double(Double)
    case int(Int64)
    case bool(Bool)
    case string(String)

    /// The Sparkplug data type of the value.
    var dataType: SparkplugDataType {
        switch self {
        case .double: .double
        case .int: .int64
        case .bool: .boolean
        case .string: .string
        }
    }

    /// Puts the value into a metric.
    func store(in metric: inout SparkplugMetric) {
        switch self {
        case .double(let value): metric.doubleValue = value
        case .int(let value): metric.longValue = UInt64(bitPattern: value)
        case .bool(let value): metric.booleanValue = value
        case .string(let value): metric.stringValue = value
        }
    }
}
