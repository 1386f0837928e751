import AlarmStore

/// The store as a shard's leader sees it during one term: every write is fenced by the term's
/// lease, so once another instance has taken the shard, nothing this one writes is kept.
package struct FencedStore: StateStore {
    package let store: PostgresStore
    package let lease: ShardLease

    package init(store: PostgresStore, lease: ShardLease) {
        self.store = store
        self.lease = lease
    }

    package var dialect: StoreDialect { store.dialect }
    package var location: String { store.location }
    package var shard: String? { lease.shard }

    package func perform<Result>(_ operation: StoreOperation<Result>) async throws(StoreError) -> Result {
        try await store.perform(operation, fence: lease)
    }
}
