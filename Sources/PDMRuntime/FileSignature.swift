import Foundation

/// Size and modification time of a file, to notice that it changed.
struct FileSignature: Sendable, Hashable {
    private var size: Int64 = -1
    private var modified: Double = 0

    init(path: String) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return }
        size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
        modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    }
}
