/// What `pdm run` does when it falls behind (`ingest:` in alarms.yaml).
package struct IngestSettings: Sendable, Hashable {
    /// Seconds a message may wait between arriving and being processed before pdm counts as
    /// overloaded.
    package var maxLag: Double = 30
    /// Whether QoS 0 readings are dropped (counted and logged) while pdm is overloaded. QoS 1/2
    /// readings are never dropped: they are acknowledged only once processed, so the broker keeps
    /// them while pdm catches up.
    package var shedQoS0: Bool = true
    /// Seconds a reading's time may lie ahead of its arrival; later ones are refused as `future`,
    /// so one reading from a clock set wrong cannot make every real one late.
    package var maxFuture: Double = 300

    package init() {}
}
