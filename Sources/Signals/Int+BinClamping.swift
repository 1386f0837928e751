extension Int {
    /// The bin index nearest to `value` within `range`: values beyond it (or not a number, from a
    /// degenerate sample rate) are clamped instead of trapping.
    init(binClamping value: Double, to range: ClosedRange<Int>) {
        if value.isNaN || value <= Double(range.lowerBound) {
            self = range.lowerBound
        } else if value >= Double(range.upperBound) {
            self = range.upperBound
        } else {
            self = Int(value)
        }
    }
}
