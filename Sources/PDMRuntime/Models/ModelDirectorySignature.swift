import Foundation

/// Names, sizes and modification times of the model files in a directory: when it changes, the
/// models are read again.
package struct ModelDirectorySignature: Sendable, Hashable {
    private var files: [String: [Double]] = [:]

    package init(directory: String) {
        let manager = FileManager.default
        for name in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(".json") {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let attributes = try? manager.attributesOfItem(atPath: path) else { continue }
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let size = (attributes[.size] as? NSNumber)?.doubleValue ?? 0
            files[name] = [modified, size]
        }
    }
}
