/// The web console, served by pdm itself (no CDN): its HTML, script and stylesheet are resource
/// files of this target (`Resources/console`), read once at start.
struct ConsoleAssets: Sendable {
    /// One file of the console.
    struct File: Sendable {
        var path: String
        var contentType: String
        var body: [UInt8]
    }

    /// The files, or why they could not be read.
    let files: Result<[File], ResourceFiles.Unavailable>

    static let names: [(path: String, file: String, contentType: String)] = [
        ("", "index.html", "text/html; charset=utf-8"),
        ("console.js", "console.js", "text/javascript; charset=utf-8"),
        ("console.css", "console.css", "text/css; charset=utf-8"),
    ]

    /// Reads the console from the resource directory.
    static func load() -> ConsoleAssets {
        var files: [File] = []
        for name in names {
            switch ResourceFiles.read("console/" + name.file) {
            case .success(let body): files.append(File(path: name.path, contentType: name.contentType, body: body))
            case .failure(let unavailable): return ConsoleAssets(files: .failure(unavailable))
            }
        }
        return ConsoleAssets(files: .success(files))
    }
}
