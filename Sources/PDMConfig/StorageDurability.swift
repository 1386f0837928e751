/// `storage.durability`: how far a commit of the SQLite file has gone when pdm acts on it
/// (acknowledges a QoS 1 reading, publishes an alarm, answers a command).
package enum StorageDurability: String, Sendable, Hashable, CaseIterable {
    /// In the operating system's hands (SQLite's WAL with `synchronous = NORMAL`): everything
    /// survives pdm being killed at any moment; a power cut or a crash of the operating system may
    /// undo the last commits. No commit waits for the disk.
    case process
    /// On the disk (`synchronous = FULL`): a power cut undoes nothing acknowledged either; every
    /// commit waits for the disk to confirm the write.
    case power
}
