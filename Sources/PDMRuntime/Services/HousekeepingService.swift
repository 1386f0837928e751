import AlarmEngine
import AlarmStore
import CHeapUsage
import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// The service's bookkeeping, on the wall clock:
/// - every second, the heartbeat that tells `pdm alarms` a service is running;
/// - every 5 s, the completed feature buckets and the alarm, outbox and dead-letter gauges;
/// - every 30 s, the prognoses that changed;
/// - every 30 s, the heap's free pages go back to the system (malloc keeps no more arenas than
///   there are cores, so that memory a burst freed on one thread is reused by the others);
/// - every hour, feature history older than its retention is pruned.
///
/// At graceful shutdown it writes the open feature buckets and every changed prognosis, and
/// clears the heartbeat.
package final class HousekeepingService: Service, Sendable {
    private let database: any StateStore
    private let pipeline: SharedPipeline
    private let featureRetention: Double
    private let logger: Logger
    private let now: @Sendable () -> Double

    /// Seconds between saves of the prognoses that changed (and at shutdown): a crash loses at most
    /// this much of each asset's prognosis, never its fitted degradation.
    static let prognosisSaveInterval = 30.0

    /// Seconds between returns of the heap's free pages to the system.
    static let trimInterval = 30.0

    init(database: any StateStore, pipeline: SharedPipeline, featureRetention: Double,
         logger: Logger, now: @escaping @Sendable () -> Double) {
        self.database = database
        self.pipeline = pipeline
        self.featureRetention = featureRetention
        self.logger = logger
        self.now = now
        // Set before the load starts: arenas are made as threads first contend for the heap.
        pdm_heap_limit_arenas(Int32(clamping: max(2, ProcessInfo.processInfo.activeProcessorCount)))
    }

    package func run() async {
        await cancelWhenGracefulShutdown { [self] in
            let start = now()
            var lastFeatures = start
            var lastPrognoses = start
            var lastPrune = 0.0
            var lastTrim = start
            while !Task.isCancelled {
                let time = now()
                // In a cluster the leader's lease renewals are its heartbeat; the row is a single
                // instance's, for `pdm alarms` beside it.
                if database.shard == nil {
                    do {
                        try await database.perform(.beat(pid: getpid(), now: time))
                    } catch {
                        logger.error("heartbeat not written", metadata: ["error": "\(error)"])
                    }
                }
                if time - lastTrim >= Self.trimInterval {
                    // Memory freed after a burst (a reconnect's backlog, the first readings of a
                    // plant) goes back to the system instead of staying with the process.
                    lastTrim = time
                    pdm_heap_trim()
                }
                if time - lastFeatures >= 5 {
                    lastFeatures = time
                    do {
                        try await database.perform(.record(pipeline.takeFeatureRows()))
                        await Self.recordGauges(database)
                        if time - lastPrognoses >= Self.prognosisSaveInterval {
                            lastPrognoses = time
                            await pipeline.savePrognoses(to: database, now: time, logger: logger)
                        }
                        if time - lastPrune >= 3600 {
                            lastPrune = time
                            try await database.perform(.pruneFeatures(before: time - featureRetention))
                        }
                    } catch {
                        logger.error("feature history not written", metadata: ["error": "\(error)"])
                    }
                }
                guard (try? await Task.sleep(for: .seconds(1))) != nil else { return }
            }
        }
        do {
            try await database.perform(.record(pipeline.takeFeatureRows(flushing: true)))
        } catch {
            logger.error("feature history not written", metadata: ["error": "\(error)"])
        }
        await pipeline.savePrognoses(to: database, now: now(), everyChange: true, logger: logger)
        if database.shard == nil { try? await database.perform(.clearHeartbeat()) }
    }

    /// Alarms by state and priority, outbox depth and dead letters, for /metrics.
    static func recordGauges(_ database: any StateStore) async {
        recordHeapGauges()
        guard let counts = try? await database.perform(.alarmCounts()),
              let depth = try? await database.perform(.pendingNotificationCount()),
              let dead = try? await database.perform(.outboxCount(deadOnly: true)) else { return }
        // Every state × priority, zeros included, so a series falls back when its alarms go.
        let priorities = Set(Priority.standard.map(\.name) + counts.map(\.priority))
        for state in AlarmState.allCases {
            for priority in priorities {
                let count = counts.first { $0.state == state.rawValue && $0.priority == priority }?.count ?? 0
                Gauge(label: "pdm_alarms", dimensions: [("state", state.rawValue), ("priority", priority)]).record(count)
            }
        }
        Gauge(label: "pdm_outbox_depth").record(depth)
        Gauge(label: "pdm_notifications_dead").record(dead)
    }

    /// The heap in use and the heap malloc holds from the system (their difference is free memory
    /// the process keeps), where the C library tells.
    static func recordHeapGauges() {
        let usage = pdm_heap_usage()
        guard usage.in_use > 0 else { return }
        Gauge(label: "pdm_heap_in_use_bytes").record(Int(clamping: usage.in_use))
        Gauge(label: "pdm_heap_reserved_bytes").record(Int(clamping: usage.reserved))
    }
}
