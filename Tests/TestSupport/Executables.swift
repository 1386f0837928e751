import Foundation

/// Paths of the package's own executables, built next to the test bundle.
package enum Executables {
    package static var buildDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// The `pdm` executable, when it has been built.
    package static var pdm: String? {
        let path = buildDirectory.appendingPathComponent("pdm").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Waits (bounded) until `file` contains `text`; returns the file's text. The default bound
    /// allows for a debug build starting on a loaded two-core machine while other suites run.
    package static func waitForText(_ text: String, in file: String, timeout: Duration = .seconds(60)) async throws -> String {
        // The file is read once more after the deadline: on a loaded machine the sleeping task may
        // wake late, and text that arrived meanwhile counts.
        let deadline = ContinuousClock.now + timeout
        while true {
            let content = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            if content.contains(text) { return content }
            guard ContinuousClock.now < deadline else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let content = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        throw WaitError(description: "'\(text)' did not appear in \(file) within \(timeout):\n\(content)")
    }

    package struct WaitError: Error, CustomStringConvertible {
        package let description: String

        package init(description: String) {
            self.description = description
        }
    }
}

extension Executables {
    /// The `pdm-bench` executable, when it has been built.
    package static var pdmBench: String? {
        let path = buildDirectory.appendingPathComponent("pdm-bench").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
}
