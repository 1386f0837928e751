import Foundation

/// Runs mosquitto_pub / mosquitto_sub and other helpers as child processes.
public final class CommandLineTool: @unchecked Sendable {
    // @unchecked Sendable: `process` and `output` are set in init and only read afterwards.
    public let process: Process
    private let output: Pipe

    public init(_ executable: String, _ arguments: [String], stdin: String? = nil) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTool.resolve(executable))
        process.arguments = arguments
        output = Pipe()
        process.standardOutput = output
        process.standardError = output
        if let stdin {
            let input = Pipe()
            process.standardInput = input
            try process.run()
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
    }

    /// Waits for exit (bounded by `timeout`, after which the process is killed) and returns its output.
    public func finish(timeout: Duration = .seconds(20)) async -> (status: Int32, output: String) {
        let process = self.process
        let deadline = ContinuousClock.now + timeout
        let reader = Task.detached { [output] in output.fileHandleForReading.readDataToEndOfFile() }
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let data = await reader.value
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    public func terminate() { if process.isRunning { process.terminate() } }

    static func resolve(_ name: String) -> String {
        if name.hasPrefix("/") { return name }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return "/usr/bin/\(name)"
    }
}
