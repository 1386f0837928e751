import Foundation

/// A real mosquitto process on a free loopback port, for tests. Readiness is awaited from the
/// broker's own log line, never guessed with a sleep.
package final class MosquittoBroker: @unchecked Sendable {
    // @unchecked Sendable: `process` is only replaced inside `start()`/`stop()`, which tests call
    // from one task at a time; the other stored properties are constants.
    package let port: Int
    package let directory: URL
    private let configLines: [String]
    private var process: ChildProcess?
    /// How many times the broker was started; the log keeps one "running" line per start.
    private var starts = 0

    /// Writes a config with a listener on a free port plus `configLines` (where `{dir}` stands for the
    /// broker's own scratch directory), and starts the broker.
    package init(configLines: [String] = ["allow_anonymous true"], port: Int? = nil) async throws {
        guard let executable = MosquittoBroker.executable else { throw BrokerError.mosquittoMissing }
        _ = executable
        self.port = try port ?? FreePort.allocate()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pdm-mosquitto-\(UUID().uuidString)")
        self.directory = directory
        self.configLines = configLines.map { $0.replacingOccurrences(of: "{dir}", with: directory.path) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try start()
        try await waitUntilRunning()
    }

    deinit { process?.stop(signal: SIGKILL) }

    package static var executable: String? {
        for candidate in ["/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return nil
    }

    private var logURL: URL { directory.appendingPathComponent("mosquitto.log") }

    private func start() throws {
        // `user` keeps a broker started by root from switching to the mosquitto account.
        let config = (["listener \(port) 127.0.0.1", "user \(ProcessInfo.processInfo.userName)", "log_dest file \(logURL.path)", "log_type error",
                       "log_type warning", "log_type notice", "log_type information"] + configLines)
            .joined(separator: "\n") + "\n"
        let configURL = directory.appendingPathComponent("mosquitto.conf")
        try config.write(to: configURL, atomically: true, encoding: .utf8)
        starts += 1
        process = try ChildProcess(path: MosquittoBroker.executable ?? "/usr/sbin/mosquitto",
                                   arguments: ["-c", configURL.path])
    }

    /// Waits for "running" in the log (bounded: 10 s).
    private func waitUntilRunning() async throws {
        for _ in 0..<1000 {
            if let log = try? String(contentsOf: logURL, encoding: .utf8),
               log.components(separatedBy: " running\n").count - 1 >= starts {
                return
            }
            if let process, !process.isRunning() {
                let log = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
                throw BrokerError.exited(log)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw BrokerError.notReady(port)
    }

    /// Stops the broker with SIGTERM (it saves its persistence file, if configured) and waits for it to exit.
    package func stop() {
        guard let process else { return }
        process.stop()
        self.process = nil
    }

    /// Sends a signal to the broker (SIGSTOP freezes it, SIGCONT wakes it).
    package func signal(_ number: Int32) {
        guard let process else { return }
        kill(process.pid, number)
    }

    /// Starts the broker again on the same port with the same configuration.
    package func restart() async throws {
        stop()
        try start()
        try await waitUntilRunning()
    }

    package enum BrokerError: Error, CustomStringConvertible {
        case mosquittoMissing
        case notReady(Int)
        case exited(String)

        package var description: String {
            switch self {
            case .mosquittoMissing: return "mosquitto is not installed (apt-get install mosquitto mosquitto-clients)"
            case .notReady(let port): return "mosquitto on port \(port) did not report running within 10 s"
            case .exited(let log): return "mosquitto exited: \(log)"
            }
        }
    }
}
