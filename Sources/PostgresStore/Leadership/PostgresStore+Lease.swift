import AlarmStore

/// The lease rows that elect each shard's leader. Times are the database server's (`now()`), so
/// the instances' clocks never need to agree; each instance measures its own side of a lease on
/// its monotonic clock (see ``LeaderElection``).
extension PostgresStore {
    /// Takes the shard's lease for `holder` when nobody holds it or the holder let it expire; the
    /// result is the new term, nil while another instance holds a live lease. An answer later than
    /// the lease itself is of no use: the wait is bounded by it.
    package func acquireLease(shard: String, holder: String, seconds: Double) async throws(StoreError) -> ShardLease? {
        try await perform(StoreOperation<ShardLease?>("take lease", readOnly: false, statements: { _ in [
            StoreStatement("""
                INSERT INTO lease (shard, holder, epoch, acquired_at, expires_at)
                VALUES (?, ?, 1, now(), now() + make_interval(secs => ?))
                ON CONFLICT (shard) DO UPDATE SET holder = excluded.holder, epoch = lease.epoch + 1,
                    acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
                WHERE lease.expires_at < now()
                RETURNING epoch
                """, [.text(shard), .text(holder), .real(seconds)]),
        ] }, result: { rows in
            try rows.first?.first.map { ShardLease(shard: shard, holder: holder, epoch: try $0["epoch"]) }
        }), fence: nil, within: .seconds(seconds))
    }

    /// Extends the lease by `seconds` from now; false when the term is over (another instance
    /// took the shard). Bounded by the lease, as ``acquireLease(shard:holder:seconds:)``.
    package func renewLease(_ lease: ShardLease, seconds: Double) async throws(StoreError) -> Bool {
        try await perform(StoreOperation<Bool>("renew lease", readOnly: false, statements: { _ in [
            StoreStatement("""
                UPDATE lease SET expires_at = now() + make_interval(secs => ?)
                WHERE shard = ? AND holder = ? AND epoch = ? RETURNING epoch
                """, [.real(seconds), .text(lease.shard), .text(lease.holder), .integer(lease.epoch)]),
        ] }, result: { rows in !(rows.first ?? []).isEmpty }), fence: nil, within: .seconds(seconds))
    }

    /// Ends the term at once, so a standby need not wait for the lease to expire; waits `within`
    /// at most.
    package func releaseLease(_ lease: ShardLease, within limit: Duration? = nil) async throws(StoreError) {
        try await perform(.write("release lease") { _ in [
            StoreStatement("""
                UPDATE lease SET expires_at = now() - interval '1 millisecond' WHERE shard = ? AND holder = ? AND epoch = ?
                """, [.text(lease.shard), .text(lease.holder), .integer(lease.epoch)]),
        ] }, fence: nil, within: limit)
    }

    /// Every shard's current lease: its holder, term and seconds left (negative once expired).
    package func leases() async throws(StoreError) -> [(lease: ShardLease, secondsLeft: Double)] {
        try await perform(.read("read leases", { _ in
            StoreStatement("""
                SELECT shard, holder, epoch, extract(epoch FROM expires_at - now())::DOUBLE PRECISION AS left FROM lease ORDER BY shard
                """)
        }, rows: { rows in
            try rows.map { (ShardLease(shard: try $0["shard"], holder: try $0["holder"], epoch: try $0["epoch"]), try $0["left"]) }
        }))
    }
}
