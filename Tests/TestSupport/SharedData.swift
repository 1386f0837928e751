import Foundation

/// The real recordings kept beside the checkout in `../shared/data` (MFPT bearings, C-MAPSS engines).
/// Tests that need them are skipped, saying so, where a checkout has no such folder.
package enum SharedData {
    package static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    /// `relative` inside the shared data folder.
    package static func file(_ relative: String) -> URL {
        directory.appendingPathComponent(relative)
    }

    /// Whether `relative` exists there.
    package static func has(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: file(relative).path)
    }
}
