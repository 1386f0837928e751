import Foundation

/// The files this target ships as resources (`Resources/`: the console, the OpenAPI document),
/// read from its resource directory next to the executable, where `swift build` puts it.
///
/// A missing directory is an answer (503, saying what is missing) rather than a crash of the
/// service: the API works without them.
enum ResourceFiles {
    /// Why a resource cannot be served.
    struct Unavailable: Error, Sendable, CustomStringConvertible {
        var file: String
        var searched: [String]
        var description: String {
            "\(file) was not found (looked in \(searched.joined(separator: ", "))); install pdm together with its "
                + "pdm_PDMHTTP.resources directory"
        }
    }

    /// Directories that may hold the resources: beside the executable, then beside the bundle.
    static var candidates: [String] {
        let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent()
        return [executable, Bundle.main.bundleURL].compactMap { $0 }
            .map { $0.appendingPathComponent("pdm_PDMHTTP.resources").path }
    }

    /// The bytes of `path` (relative to the resource directory).
    static func read(_ path: String) -> Result<[UInt8], Unavailable> {
        for directory in candidates {
            if let data = FileManager.default.contents(atPath: directory + "/" + path) { return .success(Array(data)) }
        }
        return .failure(Unavailable(file: path, searched: candidates))
    }
}
