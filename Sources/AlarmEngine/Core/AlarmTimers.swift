import HeapModule

/// When each alarm key next has something to do (an evaluator deadline, a shelf's end, an
/// escalation step, a reminder), as a min-heap of entries.
///
/// Due times that move later, as a `no_data` timer does with every reading, cost nothing: the
/// key's entry stays where it is, comes up early, and the key is then scheduled again at its real
/// due time. Only a due time earlier than the key's entry adds one; the entry it replaces is
/// recognised as stale when it comes up. So a reading never touches the heap in the common case,
/// and a tick visits only the keys whose entry came up.
struct AlarmTimers: Sendable {
    private struct Entry: Comparable, Sendable {
        var time: Double
        var key: AlarmKey

        static func < (lhs: Entry, rhs: Entry) -> Bool {
            lhs.time < rhs.time || (lhs.time == rhs.time && lhs.key < rhs.key)
        }
    }

    private var heap = Heap<Entry>()
    /// The time of each key's live entry; entries of other times are stale.
    private var scheduled: [AlarmKey: Double] = [:]

    /// Makes sure `key` comes up at `time` or before; a time that is not finite is never due.
    mutating func schedule(_ key: AlarmKey, at time: Double) {
        guard time.isFinite else { return }
        if let current = scheduled[key], current <= time { return }
        scheduled[key] = time
        heap.insert(Entry(time: time, key: key))
    }

    /// The keys whose entries came up by `now`, in key order; they are no longer scheduled.
    mutating func takeDue(now: Double) -> [AlarmKey] {
        var due: [AlarmKey] = []
        while let first = heap.min, first.time <= now {
            heap.removeMin()
            guard scheduled[first.key] == first.time else { continue }  // replaced by an earlier entry
            scheduled[first.key] = nil
            due.append(first.key)
        }
        return due.sorted()
    }

    /// The earliest entry's time: the key may turn out to be due later (its due time moved).
    var earliest: Double? { heap.min?.time }

    /// Keys with a live entry.
    var count: Int { scheduled.count }
}
