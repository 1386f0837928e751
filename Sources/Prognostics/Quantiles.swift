/// Quantiles of samples, by linear interpolation between order statistics (type 7, as most
/// statistics packages do by default).
package enum Quantiles {
    /// The `p`-quantile (0…1) of `sorted`, which must be sorted ascending and not empty.
    package static func quantile(sorted: [Double], _ p: Double) -> Double {
        precondition(!sorted.isEmpty, "a quantile needs at least one sample")
        let position = min(max(p, 0), 1) * Double(sorted.count - 1)
        let low = Int(position.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        let fraction = position - Double(low)
        return sorted[low] + (sorted[high] - sorted[low]) * fraction
    }

    /// The median of `values` (not necessarily sorted); nil when empty.
    package static func median(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : quantile(sorted: values.sorted(), 0.5)
    }
}
