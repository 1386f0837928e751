import Foundation

/// The web console, served by pdm itself (no CDN): its HTML, script and stylesheet are resource
/// files of this target (`Resources/console`), read once at start.
///
/// They are looked up in the target's resource directory next to the executable (where
/// `swift build` puts it), so that a missing directory is an answer (503, saying what is missing)
/// rather than a crash of the service.
struct ConsoleAssets: Sendable {
    /// One file of the console.
    struct File: Sendable {
        var path: String
        var contentType: String
        var body: [UInt8]
    }

    /// The files, or why they could not be read.
    let files: Result<[File], ConsoleUnavailable>

    /// Why the console cannot be served; the API works without it.
    struct ConsoleUnavailable: Error, Sendable, CustomStringConvertible {
        var searched: [String]
        var description: String {
            "the console's files were not found (looked in \(searched.joined(separator: ", "))); install pdm together "
                + "with its pdm_PDMHTTP.resources directory"
        }
    }

    static let names: [(path: String, file: String, contentType: String)] = [
        ("", "index.html", "text/html; charset=utf-8"),
        ("console.js", "console.js", "text/javascript; charset=utf-8"),
        ("console.css", "console.css", "text/css; charset=utf-8"),
    ]

    /// Reads the console from the first resource directory that holds it.
    static func load() -> ConsoleAssets {
        let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [executable, Bundle.main.bundleURL].compactMap { $0 }
            .map { $0.appendingPathComponent("pdm_PDMHTTP.resources").appendingPathComponent("console").path }
        for directory in candidates {
            var files: [File] = []
            for name in names {
                guard let data = FileManager.default.contents(atPath: directory + "/" + name.file) else { break }
                files.append(File(path: name.path, contentType: name.contentType, body: Array(data)))
            }
            if files.count == names.count { return ConsoleAssets(files: .success(files)) }
        }
        return ConsoleAssets(files: .failure(ConsoleUnavailable(searched: candidates)))
    }
}
