/// Commands a host application sends to edge nodes.
package enum SparkplugCommand {
    /// The metric an edge node answers with a new birth.
    package static let rebirthMetric = "Node Control/Rebirth"

    /// An NCMD asking `node` for a new birth (its NBIRTH and its devices' DBIRTHs), at `now`
    /// (Unix seconds): the topic and the payload.
    package static func rebirth(_ node: SparkplugSource, now: Double) -> (topic: String, payload: [UInt8]) {
        var metric = SparkplugMetric()
        metric.name = rebirthMetric
        metric.datatype = UInt32(SparkplugDataType.boolean.rawValue)
        metric.booleanValue = true
        var payload = SparkplugPayload()
        payload.timestamp = SparkplugTime.milliseconds(now)
        payload.metrics = [metric]
        return (SparkplugTopic.edge(.nodeCommand, node.edgeNode).text, payload.encoded())
    }
}
