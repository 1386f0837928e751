import AlarmStore

/// One term of one instance's leadership of a shard: the lease row it took, identified by its
/// epoch, which goes up by one at every takeover.
package struct ShardLease: Sendable, Hashable, CustomStringConvertible {
    package var shard: String
    package var holder: String
    package var epoch: Int64

    package init(shard: String, holder: String, epoch: Int64) {
        self.shard = shard
        self.holder = holder
        self.epoch = epoch
    }

    package var description: String { "shard \(shard) term \(epoch) (\(holder))" }

    /// The SQL state `pdm_fence` raises when the lease is no longer current.
    static let lostState = "PDM01"

    /// The fence every write of this term starts with (see `pdm_fence` in the schema).
    var check: StoreStatement {
        StoreStatement("SELECT pdm_fence(?, ?, ?) AS epoch", [.text(shard), .text(holder), .integer(epoch)])
    }
}
