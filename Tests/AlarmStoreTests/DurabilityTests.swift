import AlarmStore
import Foundation
import Testing

/// `storage.durability` as SQLite sees it: every connection of the file has the asked setting.
@Suite("SQLite durability")
struct DurabilityTests {
    @Test(arguments: [(false, 1), (true, 2)])
    func eachConnectionSyncsAsAsked(syncEveryCommit: Bool, synchronous: Int) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-sync-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let database = try AlarmDatabase(path: path, syncEveryCommit: syncEveryCommit)
        let setting = try database.perform(StoreOperation<[Int]>.read("synchronous", { _ in
            StoreStatement("PRAGMA synchronous", [], reusable: false)
        }, rows: { rows in try rows.map { try $0["synchronous"] } }))
        // 1 is NORMAL (the WAL is not flushed at each commit), 2 is FULL.
        #expect(setting == [synchronous])
        let mode = try database.perform(StoreOperation<[String]>.read("journal mode", { _ in
            StoreStatement("PRAGMA journal_mode", [], reusable: false)
        }, rows: { rows in try rows.map { try $0["journal_mode"] } }))
        #expect(mode == ["wal"])
    }
}
