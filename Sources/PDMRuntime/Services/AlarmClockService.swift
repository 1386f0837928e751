import Foundation
import ServiceLifecycle

/// Moves the alarm engine along with time: on-delays and off-delays that expire, shelves that end,
/// stale channels, escalations. It wakes at the engine's next deadline, and at least every second;
/// what the engine decides goes to the journal writer.
package final class AlarmClockService: Service, Sendable {
    private let pipeline: SharedPipeline
    private let journal: AlarmJournalWriter
    private let now: @Sendable () -> Double

    init(pipeline: SharedPipeline, journal: AlarmJournalWriter, now: @escaping @Sendable () -> Double) {
        self.pipeline = pipeline
        self.journal = journal
        self.now = now
    }

    package func run() async {
        await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                let time = now()
                let actions = pipeline.state.withLock { $0.tick(now: time) }
                if !actions.isEmpty { journal.append(actions) }
                let next = pipeline.state.withLock { $0.alarms.nextDeadline } ?? time + 1
                let wait = min(max(next - now(), 0.01), 1)
                guard (try? await Task.sleep(for: .seconds(wait))) != nil else { return }
            }
        }
    }
}
