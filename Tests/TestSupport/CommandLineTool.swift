import Foundation

/// Runs mosquitto_pub / mosquitto_sub and other helpers as child processes; their output goes to a
/// file that can be read while they run.
package final class CommandLineTool: Sendable {
    private let child: ChildProcess
    package let outputFile: String

    /// Starts `executable` (a name on PATH or a path); `environment` replaces the inherited one.
    package init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        outputFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("pdm-tool-\(UUID().uuidString).out").path
        _ = FileManager.default.createFile(atPath: outputFile, contents: nil)
        // Line-buffered (coreutils' stdbuf), so output can be awaited while the tool runs.
        let stdbuf = CommandLineTool.resolve("stdbuf")
        if FileManager.default.isExecutableFile(atPath: stdbuf) {
            child = try ChildProcess(path: stdbuf, arguments: ["-oL", CommandLineTool.resolve(executable)] + arguments,
                                     outputFile: outputFile, environment: environment)
        } else {
            child = try ChildProcess(path: CommandLineTool.resolve(executable), arguments: arguments, outputFile: outputFile,
                                     environment: environment)
        }
    }

    /// Output so far.
    package var output: String { (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? "" }

    /// Waits (bounded) until the output contains `text`.
    package func waitForOutput(_ text: String, timeout: Duration = .seconds(30)) async throws {
        _ = try await Executables.waitForText(text, in: outputFile, timeout: timeout)
    }

    /// Waits for exit (bounded by `timeout`, after which the process is killed) and returns its output.
    package func finish(timeout: Duration = .seconds(20)) async -> (status: Int32, output: String) {
        let deadline = ContinuousClock.now + timeout
        while child.isRunning() && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        let status = await child.stop(signal: SIGKILL, timeout: .seconds(5)) ?? -1
        let text = output
        try? FileManager.default.removeItem(atPath: outputFile)
        return (child.exitStatus ?? status, text)
    }

    package static func resolve(_ name: String) -> String {
        if name.hasPrefix("/") { return name }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return "/usr/bin/\(name)"
    }
}
