import AlarmStore
import Foundation
import Testing

@Suite("Feature history")
struct FeatureHistoryTests {
    @Test func recordReplacePruneRead() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-features-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let database = try AlarmDatabase(path: path)
        func row(_ asset: String, _ channel: String, _ bucket: Double, _ mean: Double) -> AlarmDatabase.FeatureRow {
            .init(asset: asset, channel: channel, bucket: bucket, count: 1, mean: mean, minimum: mean, maximum: mean, last: mean)
        }
        try database.record([row("pump-1", "temp", 0, 50), row("pump-1", "vib", 0, 2), row("pump-1", "temp", 60, 51),
                             row("fan-1", "temp", 0, 40)])
        try database.record([row("pump-1", "temp", 60, 52)]) // the same bucket again replaces it
        #expect(try database.features(asset: "pump-*").map(\.mean) == [50, 2, 52])
        #expect(try database.pruneFeatures(before: 60) == 3)
        #expect(try database.features().map(\.asset) == ["pump-1"])
    }
}
