/// What a Sparkplug B message means to pdm, as ``SparkplugHost`` decides it.
package enum SparkplugEvent: Sendable, Hashable {
    /// A metric's value: a reading.
    case sample(SparkplugSample)
    /// The source's metrics stopped being current (its death, or its node's): stale until new
    /// values arrive.
    case stale(SparkplugSource, metrics: [String])
    /// Ask the edge node for a new birth (NCMD `Node Control/Rebirth`); already rate-limited.
    case rebirth(SparkplugSource)
    /// A message or metric that could not be used, with the reason (counted and logged).
    case problem(SparkplugError)
}

/// One metric value of a Sparkplug source.
package struct SparkplugSample: Sendable, Hashable {
    package var source: SparkplugSource
    package var metric: String
    /// Unix seconds: the metric's timestamp, else the payload's, else the time of arrival.
    package var time: Double
    package var value: Double
    /// Sent later from the edge node's store-and-forward buffer, not current.
    package var historical: Bool

    package init(source: SparkplugSource, metric: String, time: Double, value: Double, historical: Bool = false) {
        self.source = source
        self.metric = metric
        self.time = time
        self.value = value
        self.historical = historical
    }
}
