/// Keeps a storm of rejected readings out of the log: the first rejection of each reason and
/// topic is logged as it comes; the ones after it within `interval` are counted and logged as one
/// summary when the interval ends. The `pdm_readings_rejected_total` counter keeps the detail.
///
/// Pure: the caller passes the time and logs what it returns.
struct RejectionLog: Sendable {
    /// What to log.
    enum Entry: Sendable, Equatable {
        /// The first rejection of its kind in a while: log it whole.
        case first(ReadingError)
        /// `count` more like `latest` within `seconds`.
        case summary(latest: ReadingError, count: Int, seconds: Double)
    }

    private struct Window: Sendable {
        var latest: ReadingError
        var count: Int
        var since: Double
    }

    let interval: Double
    /// Kinds tracked at once; beyond that, rejections are grouped by reason alone, so a storm of
    /// random topics cannot grow this without bound.
    let capacity: Int
    private var windows: [String: Window] = [:]
    private var nextDue = Double.infinity

    init(interval: Double = 5, capacity: Int = 1000) {
        self.interval = interval
        self.capacity = capacity
    }

    /// Notes one rejection; returns it when it is to be logged now.
    mutating func record(_ error: ReadingError, now: Double) -> Entry? {
        var key = error.reason + "\u{0}" + error.topic
        if windows[key] == nil, windows.count >= capacity { key = error.reason }
        if var window = windows[key] {
            window.count += 1
            window.latest = error
            windows[key] = window
            return nil
        }
        windows[key] = Window(latest: error, count: 0, since: now)
        nextDue = min(nextDue, now + interval)
        return .first(error)
    }

    /// The summaries of the intervals that ended by `now`. A kind with nothing more since its
    /// last line is forgotten, so its next rejection is logged at once.
    mutating func due(now: Double) -> [Entry] {
        guard now >= nextDue else { return [] }
        var entries: [Entry] = []
        nextDue = .infinity
        for (key, var window) in windows {
            if now - window.since >= interval {
                guard window.count > 0 else { windows[key] = nil; continue }
                entries.append(.summary(latest: window.latest, count: window.count, seconds: now - window.since))
                window.count = 0
                window.since = now
                windows[key] = window
            }
            nextDue = min(nextDue, window.since + interval)
        }
        return entries
    }
}
