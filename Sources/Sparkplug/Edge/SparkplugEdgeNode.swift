/// pdm as a Sparkplug B edge node: a pure state machine that turns values per device into the
/// messages to publish (NBIRTH, DBIRTH, DDATA) and the NDEATH to leave as the MQTT will.
///
/// Devices and their metrics appear as values arrive. A device is born (DBIRTH with every metric,
/// each with an alias) the first time it has values, and born again when a metric it did not
/// declare appears; after that only changed values go out, by alias, in DDATA. While the node is
/// not born (no connection), values are kept, and the next ``birth(now:)`` declares them all.
package struct SparkplugEdgeNode: Sendable {
    package let group: String
    package let node: String
    /// The birth/death sequence number of this session, in NBIRTH and in the will's NDEATH.
    package let bdSeq: UInt64

    private struct Device: Sendable {
        /// Metric names in alias order (alias = index + 1).
        var names: [String] = []
        var values: [String: SparkplugValue] = [:]
        /// Whether the device's birth with its current metric set went out.
        var born = false
    }

    private var devices: [String: Device] = [:]
    private var seq: UInt64 = 0
    private var born = false

    /// A message to publish.
    package struct Message: Sendable, Hashable {
        package var topic: String
        package var payload: [UInt8]
    }

    package init(group: String, node: String, bdSeq: UInt64) {
        self.group = group
        self.node = node
        self.bdSeq = bdSeq % 256
    }

    /// The NDEATH to register as the MQTT will: the broker publishes it when pdm's connection drops.
    package var death: Message {
        var payload = SparkplugPayload()
        payload.metrics = [Self.metric("bdSeq", alias: nil, value: .int(Int64(bdSeq)), time: nil)]
        return Message(topic: SparkplugTopic.edge(.nodeDeath, source).text, payload: payload.encoded())
    }

    /// The topic of commands to this node (`NCMD`).
    package var commandTopic: String { SparkplugTopic.edge(.nodeCommand, source).text }

    private var source: SparkplugSource { SparkplugSource(group: group, node: node) }

    /// The node's birth and every device's (on a new connection, or when a host asks for a rebirth).
    package mutating func birth(now: Double) -> [Message] {
        seq = 0
        let time = SparkplugTime.milliseconds(now)
        var payload = SparkplugPayload()
        payload.timestamp = time
        payload.seq = 0
        payload.metrics = [Self.metric("bdSeq", alias: nil, value: .int(Int64(bdSeq)), time: time),
                           Self.metric(SparkplugCommand.rebirthMetric, alias: nil, value: .bool(false), time: time)]
        var messages = [Message(topic: SparkplugTopic.edge(.nodeBirth, source).text, payload: payload.encoded())]
        born = true
        for name in devices.keys.sorted() {
            messages.append(deviceBirth(name, now: now))
        }
        return messages
    }

    /// The connection is gone: nothing goes out until the next birth.
    package mutating func connectionLost() {
        born = false
        for name in devices.keys { devices[name]?.born = false }
    }

    /// New values of a device's metrics: what to publish now (nothing while not born).
    package mutating func update(device name: String, _ values: [(String, SparkplugValue)], now: Double) -> [Message] {
        var device = devices[name] ?? Device()
        var changed: [(String, SparkplugValue)] = []
        var declared = true
        for (metric, value) in values {
            if device.values[metric] == nil {
                declared = false
                device.names.append(metric)
            }
            if device.values[metric] != value { changed.append((metric, value)) }
            device.values[metric] = value
        }
        if !declared { device.born = false }
        devices[name] = device
        guard born else { return [] }
        if !device.born { return [deviceBirth(name, now: now)] }
        guard !changed.isEmpty else { return [] }
        let time = SparkplugTime.milliseconds(now)
        var payload = SparkplugPayload()
        payload.timestamp = time
        payload.seq = nextSeq()
        payload.metrics = changed.map { metric, value in
            let alias = device.names.firstIndex(of: metric).map { UInt64($0 + 1) }
            return Self.metric(nil, alias: alias, value: value, time: time)
        }
        return [Message(topic: SparkplugTopic.edge(.deviceData, SparkplugSource(group: group, node: node, device: name)).text,
                        payload: payload.encoded())]
    }

    private mutating func deviceBirth(_ name: String, now: Double) -> Message {
        let device = devices[name] ?? Device()
        let time = SparkplugTime.milliseconds(now)
        var payload = SparkplugPayload()
        payload.timestamp = time
        payload.seq = nextSeq()
        payload.metrics = device.names.enumerated().compactMap { index, metric in
            device.values[metric].map { Self.metric(metric, alias: UInt64(index + 1), value: $0, time: time) }
        }
        devices[name]?.born = true
        return Message(topic: SparkplugTopic.edge(.deviceBirth, SparkplugSource(group: group, node: node, device: name)).text,
                       payload: payload.encoded())
    }

    private mutating func nextSeq() -> UInt64 {
        seq = (seq + 1) % 256
        return seq
    }

    private static func metric(_ name: String?, alias: UInt64?, value: SparkplugValue, time: UInt64?) -> SparkplugMetric {
        var metric = SparkplugMetric()
        if let name {
            metric.name = name
            metric.datatype = UInt32(value.dataType.rawValue)
        }
        if let alias { metric.alias = alias }
        if let time { metric.timestamp = time }
        value.store(in: &metric)
        return metric
    }
}
