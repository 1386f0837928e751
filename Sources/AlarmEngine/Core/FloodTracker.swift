/// New alarms of one area within the flood window, and whether the area is in flood.
struct FloodTracker: Sendable, Hashable {
    private(set) var recent: [Double] = []
    var active = false

    mutating func record(_ time: Double, window: Double) {
        recent.append(time)
        trim(now: time, window: window)
    }

    mutating func trim(now: Double, window: Double) {
        if let first = recent.firstIndex(where: { $0 > now - window }) {
            recent.removeFirst(first)
        } else {
            recent.removeAll()
        }
    }

    /// When the oldest counted alarm leaves the window.
    func nextExpiry(window: Double) -> Double? { recent.first.map { $0 + window } }
}
