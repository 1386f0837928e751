extension RunHistory {
    /// A channel reads "stopped" at or below this share of its median magnitude over the run.
    package static let stoppedShare = 0.05

    /// The history without its trailing rows where the machine had already stopped, and how many
    /// rows that left out. A row reads stopped when at least half of the channels that are not
    /// zero over the run (their median magnitude) are at or below ``stoppedShare`` of it: vibration,
    /// speed and bearing temperature falling away while ambient readings carry on. Such rows are not
    /// the failure level; the last running row is.
    package func trimmingStoppedTail() -> (run: RunHistory, dropped: Int) {
        let width = rows.map(\.count).max() ?? 0
        var levels: [Double?] = []
        for channel in 0..<width {
            let magnitudes = rows.compactMap { channel < $0.count ? $0[channel].map(abs) : nil }.sorted()
            let median = magnitudes.isEmpty ? 0 : magnitudes[magnitudes.count / 2]
            levels.append(median > 0 ? median : nil)
        }
        let judged = levels.compactMap { $0 }.count
        guard judged > 0 else { return (self, 0) }
        func stopped(_ row: [Double?]) -> Bool {
            var low = 0
            for (channel, level) in levels.enumerated() {
                guard let level, channel < row.count, let value = row[channel] else { continue }
                if abs(value) <= Self.stoppedShare * level { low += 1 }
            }
            return 2 * low >= judged
        }
        var keep = rows.count
        while keep > 0 && stopped(rows[keep - 1]) { keep -= 1 }
        // A history that never ran is left as it is, for the trainer to judge.
        guard keep >= 2, keep < rows.count else { return (self, 0) }
        return (RunHistory(asset: asset, times: Array(times.prefix(keep)), rows: Array(rows.prefix(keep))),
                rows.count - keep)
    }
}
