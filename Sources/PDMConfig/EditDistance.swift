/// Levenshtein distance, for suggesting the key that was probably meant.
enum EditDistance {
    /// Insertions, deletions and substitutions (of characters) that turn `a` into `b`.
    static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The known word nearest to `word`, if it is near enough to be a slip (at most a third of
    /// its length, and at least 2, edits); ties go to the first in alphabetical order.
    static func nearest(to word: String, among known: Set<String>) -> String? {
        let limit = max(2, word.count / 3)
        var best: (distance: Int, word: String)?
        for candidate in known.sorted() {
            let distance = between(word, candidate)
            if distance <= limit, distance < (best?.distance ?? Int.max) { best = (distance, candidate) }
        }
        return best?.word
    }
}
