import Dispatch
import GRDB
import Synchronization

/// Copies the write-ahead log back into the database file beside the writer, so that commits do
/// not: with SQLite's automatic checkpoint, the commit that crosses 1,000 pages of log copies them
/// and flushes the file before it returns, a pause of milliseconds on the alarm path.
///
/// After every `interval` commits a passive checkpoint runs in the background on a connection of its
/// own (one at a time); it waits for no reader or writer. With commits as an alarm system makes
/// them, it copies everything between two of them, and the next commit starts the log afresh. A
/// steady stream of commits can outrun it: once the log holds more than `limit` frames the
/// writer copies it itself before its next transaction, as SQLite would, so the log stays bounded.
final class WALCheckpointer: Sendable {
    private let connection: DatabaseQueue
    private let interval: Int
    private let limit: Int
    private let commits = Atomic<Int>(0)
    private let running = Atomic<Bool>(false)
    private let overdue = Atomic<Bool>(false)

    init(path: String, configuration: Configuration, interval: Int = 200, limit: Int = 4000) throws {
        connection = try DatabaseQueue(path: path, configuration: configuration)
        self.interval = max(interval, 1)
        self.limit = limit
    }

    /// Whether the writer should copy the log itself before its next transaction.
    var isOverdue: Bool { overdue.load(ordering: .acquiring) }

    /// The writer copied the log.
    func caughtUp() {
        overdue.store(false, ordering: .releasing)
    }

    /// A write transaction was committed.
    func committed() {
        let (count, _) = commits.add(1, ordering: .relaxed)
        guard count.isMultiple(of: interval),
              running.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return }
        DispatchQueue.global(qos: .utility).async { [self] in
            // A checkpoint that fails (a full disk, say) leaves the log as it is: SQLite reads from
            // it all the same, and the next one tries again.
            // A log this long was not started afresh since the last checkpoints: commits came
            // between each of them and the next commit.
            if let (frames, _) = try? connection.writeWithoutTransaction({ db in try db.checkpoint(.passive) }), frames > limit {
                overdue.store(true, ordering: .releasing)
            }
            running.store(false, ordering: .releasing)
        }
    }
}
