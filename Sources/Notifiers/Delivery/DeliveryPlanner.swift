import AlarmStore
import PDMConfig

/// Turns the outcome of an attempt into what the outbox records: delivered, retried later (with
/// backoff), given up as a dead letter, copied to the fallback receiver. Pure: time and the
/// random jitter are arguments.
package enum DeliveryPlanner {
    package static func plan(_ entry: OutboxEntry, receiver: ReceiverSettings, outcome: DeliveryOutcome, now: Double,
                            unit: Double) -> [DeliveryRecord] {
        switch outcome {
        case .delivered(let captured):
            return [.delivered(id: entry.id, at: now, captured: captured)]
        case .skipped:
            return [.delivered(id: entry.id, at: now, captured: [:])]
        case .needsConfirmation:
            return [.awaitConfirmation(id: entry.id, at: now)]
        case .failed(let error):
            let attempt = entry.attempts + 1
            let schedule = RetrySchedule(receiver.retry)
            var records: [DeliveryRecord]
            let dead = error.isPermanent || schedule.isExhausted(afterAttempt: attempt)
            if dead {
                records = [.dead(id: entry.id, at: now, error: error.description)]
            } else {
                let wait = schedule.delay(afterAttempt: attempt, unit: unit, retryAfter: error.retryAfter)
                records = [.failed(id: entry.id, at: now, error: error.description, retryAt: now + wait)]
            }
            if let fallback = receiver.fallback, !entry.fallbackSent, dead || attempt >= fallback.after {
                records.append(.fallback(id: entry.id, receiver: fallback.receiver, at: now))
            }
            return records
        }
    }

    /// An entry not attempted because its receiver's circuit is open: it waits for the probe, and
    /// goes to the fallback receiver at once.
    package static func planWhileOpen(_ entry: OutboxEntry, receiver: ReceiverSettings, reopensAt: Double,
                                     now: Double) -> [DeliveryRecord] {
        var records: [DeliveryRecord] = [.postpone(id: entry.id, until: reopensAt)]
        if let fallback = receiver.fallback, !entry.fallbackSent {
            records.append(.fallback(id: entry.id, receiver: fallback.receiver, at: now))
        }
        return records
    }
}
