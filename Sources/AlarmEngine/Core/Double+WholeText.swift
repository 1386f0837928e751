extension Double {
    /// The whole part of the value (toward zero, as `Int(_:)` would give), as text, for messages
    /// and keys: never traps, however large.
    static func wholeText(_ value: Double) -> String {
        let whole = value.rounded(.towardZero)
        return abs(whole) < 1e15 ? String(Int(whole)) : "\(whole)"
    }
}
