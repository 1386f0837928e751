import AlarmEngine
import AlarmStore

/// ``AlarmTransitionLoad`` on a SQLite file: each batch committed in one transaction. It resumes
/// from whatever the database holds.
package struct AlarmTransitionKernel {
    private let store: AlarmDatabase
    private var load: AlarmTransitionLoad
    /// Alarms found in the database at the start.
    package let restored: Int

    package init(store: AlarmDatabase, assets: Int) throws(StoreError) {
        self.store = store
        let alarms = try store.loadAlarms()
        restored = alarms.count
        load = AlarmTransitionLoad(restoring: alarms, assets: assets)
    }

    /// One reading per asset, committed `batch` readings per transaction (counting across passes):
    /// the transitions journaled.
    package mutating func pass(batch: Int) throws(StoreError) -> Int {
        let (batches, transitions) = load.pass(batch: batch)
        for actions in batches { try store.apply(actions) }
        return transitions
    }

    /// Commits what waits for a full batch.
    package mutating func finish() throws(StoreError) {
        try store.apply(load.rest())
    }
}
