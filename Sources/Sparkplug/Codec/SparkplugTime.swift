/// Sparkplug times: milliseconds since the Unix epoch, as unsigned integers.
package enum SparkplugTime {
    /// Unix seconds as Sparkplug milliseconds (0 for times before 1970 or not finite).
    package static func milliseconds(_ seconds: Double) -> UInt64 {
        let milliseconds = (seconds * 1000).rounded()
        guard milliseconds.isFinite, milliseconds >= 0, milliseconds < 1.8e19 else { return 0 }
        return UInt64(milliseconds)
    }

    /// Sparkplug milliseconds as Unix seconds.
    package static func seconds(_ milliseconds: UInt64) -> Double {
        Double(milliseconds) / 1000
    }
}
