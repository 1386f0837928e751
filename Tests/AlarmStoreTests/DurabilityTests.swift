import AlarmEngine
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

/// The write-ahead log is copied back beside the writer: commits do not do it themselves, and the
/// log stays bounded however fast commits come.
@Suite("SQLite checkpoints beside the writer")
struct CheckpointTests {
    @Test func theLogStaysBoundedUnderAStreamOfCommits() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-wal-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let database = try AlarmDatabase(path: path)
        let autocheckpoint = try database.perform(StoreOperation<[Int]>.read("autocheckpoint", { _ in
            StoreStatement("PRAGMA wal_autocheckpoint", [], reusable: false)
        }, rows: { rows in try rows.map { try $0["wal_autocheckpoint"] } }))
        #expect(autocheckpoint == [0])
        // Eight thousand commits of two pages each, back to back: 66 MB of log if nothing copied it
        // back. The background checkpoints cannot start it afresh between commits this close, so
        // the writer copies it once it passes 4,000 pages (16 MB).
        let filler = String(repeating: "x", count: 3000)
        for index in 0..<8000 {
            let alarm = Alarm(key: AlarmKey(asset: "pump-\(index % 10)", rule: "hot"), priority: .high, area: "plant", message: filler,
                              now: Double(index))
            try database.apply([.save(alarm)])
        }
        let size = try #require(FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int)
        #expect(size < 30_000_000, "the log holds \(size) bytes")
        #expect(try database.integrityCheck() == "ok")
        #expect(try database.alarms().count == 10)
    }
}
