import Foundation

/// A real mosquitto process on a free loopback port, for tests. Readiness is awaited from the
/// broker's own log line, never guessed with a sleep.
public final class MosquittoBroker: @unchecked Sendable {
    // @unchecked Sendable: `process` is only replaced inside `start()`/`stop()`, which tests call
    // from one task at a time; the other stored properties are constants.
    public let port: Int
    public let directory: URL
    private let configLines: [String]
    private var process: Process?

    /// Writes a config with a listener on a free port plus `configLines`, and starts the broker.
    public init(configLines: [String] = ["allow_anonymous true"], port: Int? = nil) async throws {
        guard let executable = MosquittoBroker.executable else { throw BrokerError.mosquittoMissing }
        _ = executable
        self.port = try port ?? FreePort.allocate()
        self.directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pdm-mosquitto-\(UUID().uuidString)")
        self.configLines = configLines
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try start()
        try await waitUntilRunning()
    }

    deinit { process?.terminate() }

    public static var executable: String? {
        for candidate in ["/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return nil
    }

    private var logURL: URL { directory.appendingPathComponent("mosquitto.log") }

    private func start() throws {
        let config = (["listener \(port) 127.0.0.1", "log_dest file \(logURL.path)", "log_type error",
                       "log_type warning", "log_type notice", "log_type information"] + configLines)
            .joined(separator: "\n") + "\n"
        let configURL = directory.appendingPathComponent("mosquitto.conf")
        try config.write(to: configURL, atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(at: logURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MosquittoBroker.executable ?? "mosquitto")
        process.arguments = ["-c", configURL.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
    }

    /// Waits for "running" in the log (bounded: 10 s).
    private func waitUntilRunning() async throws {
        for _ in 0..<1000 {
            if let log = try? String(contentsOf: logURL, encoding: .utf8), log.contains(" running") { return }
            if let process, !process.isRunning {
                let log = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
                throw BrokerError.exited(log)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw BrokerError.notReady(port)
    }

    /// Stops the broker with SIGTERM (it saves its persistence file, if configured) and waits for it to exit.
    public func stop() {
        guard let process else { return }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
    }

    /// Starts the broker again on the same port with the same configuration.
    public func restart() async throws {
        stop()
        try start()
        try await waitUntilRunning()
    }

    public enum BrokerError: Error, CustomStringConvertible {
        case mosquittoMissing
        case notReady(Int)
        case exited(String)

        public var description: String {
            switch self {
            case .mosquittoMissing: return "mosquitto is not installed (apt-get install mosquitto mosquitto-clients)"
            case .notReady(let port): return "mosquitto on port \(port) did not report running within 10 s"
            case .exited(let log): return "mosquitto exited: \(log)"
            }
        }
    }
}
