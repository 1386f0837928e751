/// The host application's view of Sparkplug B edge nodes: a pure state machine fed with messages
/// that returns what they mean (``SparkplugEvent``).
///
/// It follows each edge node's session: births declare metrics and aliases, data is resolved
/// against them, the sequence number is checked on every message, and deaths (an NDEATH whose
/// `bdSeq` matches the birth, or a DDEATH) make the source's metrics stale. Data before a birth,
/// an unknown alias or a sequence gap asks the node for a rebirth, at most once per
/// ``rebirthInterval`` per node.
package struct SparkplugHost: Sendable {
    /// Seconds between two rebirth requests to the same edge node.
    package var rebirthInterval: Double
    /// Edge nodes whose messages are not read (pdm's own edge node, when it publishes in a group it
    /// also reads).
    package var ignoring: Set<SparkplugSource>
    private var nodes: [SparkplugSource: NodeState] = [:]
    private var rebirthRequested: [SparkplugSource: Double] = [:]

    /// Edge nodes followed at most; births of further nodes are refused (a bound on memory).
    package static let nodeLimit = 100_000
    /// Devices followed at most per edge node; births of further devices are refused.
    package static let deviceLimit = 10_000

    package init(rebirthInterval: Double = 10, ignoring: Set<SparkplugSource> = []) {
        self.rebirthInterval = rebirthInterval
        self.ignoring = ignoring
    }

    /// Whether a metric is one of the node's control or information metrics, not a reading.
    static func isControl(_ name: String) -> Bool {
        name == "bdSeq" || name.hasPrefix("Node Control/") || name.hasPrefix("Device Control/")
            || name.hasPrefix("Properties/") || name.hasPrefix("Node Info/") || name.hasPrefix("Device Info/")
    }

    /// Handles one message received at `now` (Unix seconds).
    package mutating func handle(topic: String, payload bytes: [UInt8], now: Double) -> [SparkplugEvent] {
        let parsed: SparkplugTopic
        do {
            parsed = try SparkplugTopic(parsing: topic)
        } catch {
            return [.problem(error)]
        }
        guard case .edge(let type, let source) = parsed else { return [] }  // another host application's state
        if !ignoring.isEmpty, ignoring.contains(source.edgeNode) { return [] }
        switch type {
        case .nodeCommand, .deviceCommand:
            return []  // commands to the nodes (pdm's own rebirth requests among them)
        case .nodeBirth, .nodeDeath, .deviceBirth, .deviceDeath, .nodeData, .deviceData:
            break
        }
        let payload: SparkplugPayload
        do {
            payload = try SparkplugPayload(decoding: bytes, topic: topic)
        } catch {
            return [.problem(error)]
        }
        var events: [SparkplugEvent] = []
        let node = source.edgeNode
        switch type {
        case .nodeBirth:
            guard nodes[node] != nil || nodes.count < Self.nodeLimit else {
                return [.problem(SparkplugError(topic: topic, reason: .tooManyNodes(limit: Self.nodeLimit)))]
            }
            var table = MetricTable()
            declare(payload, into: &table, source: source, topic: topic, now: now, events: &events)
            var session = NodeSession(bdSeq: payload.unsignedMetric(named: "bdSeq"), seq: payload.hasSeq ? payload.seq : nil,
                                      metrics: table)
            // Devices of the node's previous session wait for their own births; until then their
            // values are still the last ones, and a death makes them stale.
            if case .online(let previous) = nodes[node] {
                for (name, device) in previous.devices where device.hasCurrentValues {
                    session.devices[name] = DeviceSession(metrics: device.metrics, status: .awaitingBirth)
                }
            }
            nodes[node] = .online(session)
            rebirthRequested[node] = nil
        case .nodeDeath:
            guard case .online(let session) = nodes[node] else { return [] }  // nothing current to lose
            let bdSeq = payload.unsignedMetric(named: "bdSeq")
            if let known = session.bdSeq, bdSeq != known {
                return [.problem(SparkplugError(topic: topic, reason: .earlierSession(bdSeq: bdSeq)))]
            }
            var offline = session
            events.append(.stale(node, metrics: session.metrics.readingNames))
            for (name, device) in session.devices.sorted(by: { $0.key < $1.key }) where device.hasCurrentValues {
                events.append(.stale(SparkplugSource(group: node.group, node: node.node, device: name),
                                     metrics: device.metrics.readingNames))
                offline.devices[name]?.status = .offline
            }
            nodes[node] = .offline(offline)
        case .deviceBirth, .deviceDeath, .nodeData, .deviceData:
            guard case .online(var session) = nodes[node] else {
                return [.problem(SparkplugError(topic: topic, reason: .beforeBirth))] + requestRebirth(node, now: now)
            }
            let expected = session.seq.map { ($0 + 1) % 256 } ?? 0
            if !payload.hasSeq || payload.seq != expected {
                events.append(.problem(SparkplugError(topic: topic, reason: .sequenceGap(expected: expected,
                                                                                      received: payload.hasSeq ? payload.seq : nil))))
                events += requestRebirth(node, now: now)
            }
            if payload.hasSeq { session.seq = payload.seq }
            switch type {
            case .deviceBirth:
                let device = source.device ?? ""
                guard session.devices[device] != nil || session.devices.count < Self.deviceLimit else {
                    events.append(.problem(SparkplugError(topic: topic, reason: .tooManyDevices(limit: Self.deviceLimit))))
                    break
                }
                var table = MetricTable()
                declare(payload, into: &table, source: source, topic: topic, now: now, events: &events)
                session.devices[device] = DeviceSession(metrics: table, status: .online)
            case .deviceDeath:
                if let device = source.device, let known = session.devices[device], known.hasCurrentValues {
                    events.append(.stale(source, metrics: known.metrics.readingNames))
                    session.devices[device]?.status = .offline
                }
            case .nodeData:
                resolve(payload, with: session.metrics, source: source, topic: topic, now: now, events: &events)
            case .deviceData:
                if let device = source.device, let known = session.devices[device], case .online = known.status {
                    resolve(payload, with: known.metrics, source: source, topic: topic, now: now, events: &events)
                } else {
                    events.append(.problem(SparkplugError(topic: topic, reason: .beforeBirth)))
                    events += requestRebirth(node, now: now)
                }
            case .nodeBirth, .nodeDeath, .nodeCommand, .deviceCommand:
                break
            }
            nodes[node] = .online(session)
        case .nodeCommand, .deviceCommand:
            break
        }
        return events
    }

    /// A rebirth request for `node`, unless one was sent less than ``rebirthInterval`` ago.
    private mutating func requestRebirth(_ node: SparkplugSource, now: Double) -> [SparkplugEvent] {
        if let last = rebirthRequested[node], now - last < rebirthInterval, now >= last { return [] }
        if rebirthRequested.count >= Self.nodeLimit { rebirthRequested.removeAll() }
        rebirthRequested[node] = now
        return [.rebirth(node)]
    }

    /// A birth's metrics: each name's alias and data type, and its value as a reading.
    private func declare(_ payload: SparkplugPayload, into table: inout MetricTable, source: SparkplugSource,
                         topic: String, now: Double, events: inout [SparkplugEvent]) {
        for metric in payload.metrics {
            guard metric.hasName, !metric.name.isEmpty else {
                events.append(.problem(SparkplugError(topic: topic, reason: .unnamedMetric)))
                continue
            }
            if metric.hasAlias { table.names[metric.alias] = metric.name }
            table.types[metric.name] = metric.hasDatatype ? metric.datatype : 0
            sample(metric, named: metric.name, type: table.types[metric.name], payload: payload, source: source,
                   topic: topic, now: now, events: &events)
        }
    }

    /// A data message's metrics, by name or by the alias their birth declared.
    private func resolve(_ payload: SparkplugPayload, with table: MetricTable, source: SparkplugSource,
                         topic: String, now: Double, events: inout [SparkplugEvent]) {
        for metric in payload.metrics {
            let name: String
            if metric.hasName, !metric.name.isEmpty {
                name = metric.name
            } else if metric.hasAlias {
                guard let known = table.names[metric.alias] else {
                    events.append(.problem(SparkplugError(topic: topic, reason: .unknownAlias(metric.alias))))
                    continue
                }
                name = known
            } else {
                events.append(.problem(SparkplugError(topic: topic, reason: .unnamedMetric)))
                continue
            }
            let type = metric.hasDatatype ? metric.datatype : table.types[name]
            sample(metric, named: name, type: type, payload: payload, source: source, topic: topic, now: now, events: &events)
        }
    }

    private func sample(_ metric: SparkplugMetric, named name: String, type: UInt32?, payload: SparkplugPayload,
                        source: SparkplugSource, topic: String, now: Double, events: inout [SparkplugEvent]) {
        guard !Self.isControl(name) else { return }
        if metric.isNull || !metric.hasValue {
            events.append(.problem(SparkplugError(topic: topic, reason: .nullValue(metric: name))))
            return
        }
        guard let value = metric.number(as: type) else {
            events.append(.problem(SparkplugError(topic: topic, reason: .notNumeric(metric: name, dataType: type ?? 0))))
            return
        }
        let time = metric.hasTimestamp ? SparkplugTime.seconds(metric.timestamp)
            : payload.hasTimestamp ? SparkplugTime.seconds(payload.timestamp) : now
        events.append(.sample(SparkplugSample(source: source, metric: name, time: time, value: value,
                                              historical: metric.isHistorical)))
    }
}
