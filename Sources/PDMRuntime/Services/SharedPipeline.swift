import AlarmStore
import Foundation
import Logging
import Prognostics
import Signals
import Synchronization

/// The ingest pipeline shared by the services (ingest, alarm clock, commands, reloads,
/// housekeeping); each holds the lock for one synchronous step.
final class SharedPipeline: Sendable {
    let state: Mutex<IngestPipeline>

    init(_ pipeline: IngestPipeline) {
        state = Mutex(pipeline)
    }

    /// The feature-history rows completed since the last call (`flushing`: the open ones too).
    func takeFeatureRows(flushing: Bool = false) -> [AlarmDatabase.FeatureRow] {
        state.withLock { $0.takeFeatureBuckets(flushing: flushing) }.map { entry in
            let bucket = entry.bucket
            return AlarmDatabase.FeatureRow(asset: entry.asset, channel: entry.channel, bucket: bucket.start, count: bucket.count,
                                            mean: bucket.mean, minimum: bucket.minimum, maximum: bucket.maximum, last: bucket.last)
        }
    }

    /// The saved prognoses in `database`, by asset; unreadable ones are logged and left out.
    static func savedPrognoses(in database: any StateStore, logger: Logger) async -> [String: AssetPrognoser.Snapshot] {
        let records: [PrognosisRecord]
        do {
            records = try await database.perform(.prognoses())
        } catch {
            logger.error("saved prognoses not read; estimates start afresh", metadata: ["error": "\(error)"])
            return [:]
        }
        var snapshots: [String: AssetPrognoser.Snapshot] = [:]
        for record in records {
            do {
                snapshots[record.asset] = try AssetPrognoser.Snapshot.decode(record.state)
            } catch {
                logger.warning("saved prognosis unreadable; the asset's estimates start afresh",
                               metadata: ["asset": "\(record.asset)", "model": "\(record.model)", "error": "\(error)"])
            }
        }
        if !records.isEmpty { logger.info("prognoses restored", metadata: ["assets": "\(snapshots.count)"]) }
        return snapshots
    }

    /// Saves the prognoses that closed a step since their last save (`everyChange`: that took any
    /// reading), a bounded batch per transaction.
    func savePrognoses(to database: any StateStore, now: Double, everyChange: Bool = false, logger: Logger) async {
        let snapshots = state.withLock { $0.prognosisSnapshots(everyChange: everyChange) }
        var start = 0
        while start < snapshots.count {
            let batch = snapshots[start..<min(start + 500, snapshots.count)]
            start = batch.endIndex
            let records = batch.compactMap { asset, snapshot -> PrognosisRecord? in
                guard let state = try? snapshot.encoded() else { return nil }
                return .init(asset: asset, model: snapshot.model, modelVersion: snapshot.modelVersion, state: state, savedAt: now)
            }
            do {
                try await database.perform(.save(records))
            } catch {
                logger.error("prognoses not saved", metadata: ["error": "\(error)", "assets": "\(records.count)"])
            }
        }
    }
}
