import Foundation

/// A throw-away PostgreSQL cluster for tests: `initdb` in a temporary directory, `pg_ctl start` on a
/// free loopback port with its socket in the same directory, trust authentication for the `pdm`
/// superuser. Readiness is awaited by `pg_ctl -w`, never guessed. Started as root, the server runs
/// as the `postgres` account, since PostgreSQL refuses to run as root.
package final class PostgresServer: Sendable {
    package let port: Int
    package let directory: String
    /// The superuser tests connect as.
    package let user = "pdm"

    package enum ServerError: Error, CustomStringConvertible {
        case missing
        case failed(command: String, status: Int32, output: String)

        package var description: String {
            switch self {
            case .missing: "PostgreSQL is not installed (initdb and pg_ctl; apt-get install -y postgresql)"
            case .failed(let command, let status, let output): "\(command) exited \(status): \(output)"
            }
        }
    }

    /// The directory holding `initdb` and `pg_ctl`: Debian's versioned directory (newest first),
    /// else the PATH.
    package static var binaries: String? {
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin" }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return (versions + path).first { directory in
            ["initdb", "pg_ctl"].allSatisfy { FileManager.default.isExecutableFile(atPath: "\(directory)/\($0)") }
        }
    }

    /// The account the server runs as when the tests run as root.
    private static var postgresAccount: (uid: uid_t, gid: gid_t) {
        guard let entry = getpwnam("postgres") else { return (0, 0) }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    /// Whether a cluster can be started here.
    package static var available: Bool { binaries != nil }

    package init() async throws {
        guard let binaries = Self.binaries else { throw ServerError.missing }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-postgres-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 {
            guard chown(directory, Self.postgresAccount.uid, Self.postgresAccount.gid) == 0 else {
                throw ServerError.failed(command: "chown postgres \(directory)", status: errno, output: String(cString: strerror(errno)))
            }
        }
        try await Self.run(binaries + "/initdb", ["-D", directory + "/data", "-U", user, "--auth=trust", "-E", "UTF8", "--no-locale"])
        // A free port can be taken by another test between asking for it and the server binding
        // it: then the server stops at once, saying so in its log, and another port is tried.
        var attempt = 1
        while true {
            let candidate = try FreePort.allocate()
            do {
                try await Self.start(binaries: binaries, directory: directory, port: candidate)
                port = candidate
                break
            } catch ServerError.failed(_, _, _) where attempt < 5 && Self.portWasTaken(in: directory) {
                attempt += 1
                try? FileManager.default.removeItem(atPath: directory + "/server.log")
            }
        }
    }

    deinit {
        if let binaries = Self.binaries {
            try? runBlocking(binaries + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Starts the server and waits until it accepts connections (bounded: 60 s).
    package func start() async throws {
        guard let binaries = Self.binaries else { throw ServerError.missing }
        try await Self.start(binaries: binaries, directory: directory, port: port)
    }

    /// `pg_ctl start`; a failure carries the end of the server's log, which says why.
    private static func start(binaries: String, directory: String, port: Int) async throws {
        do {
            try await run(binaries + "/pg_ctl", [
                "-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "60",
                "-o", "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off", "start",
            ])
        } catch ServerError.failed(let command, let status, let output) {
            let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
            throw ServerError.failed(command: command, status: status,
                                     output: output + "\nserver log:\n" + log.split(separator: "\n").suffix(20).joined(separator: "\n"))
        }
    }

    /// Whether the server's log says its port was in use.
    private static func portWasTaken(in directory: String) -> Bool {
        let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
        return log.contains("Address already in use") || log.contains("could not create any TCP/IP sockets")
    }

    /// Stops the server at once, as a crash would (`-m immediate`).
    package func stop() async throws {
        guard let binaries = Self.binaries else { throw ServerError.missing }
        try await Self.run(binaries + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
    }

    /// The server's log so far.
    package var log: String { (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? "" }

    /// `postgres://pdm@127.0.0.1:<port>/postgres`.
    package var url: String { "postgres://\(user)@127.0.0.1:\(port)/postgres" }

    /// Runs a PostgreSQL tool, as the `postgres` account when started as root, and waits for it
    /// (bounded: 120 s).
    private static func run(_ tool: String, _ arguments: [String]) async throws {
        let child = try Self.spawn(tool, arguments)
        let deadline = ContinuousClock.now + .seconds(120)
        while child.process.isRunning() {
            guard ContinuousClock.now < deadline else {
                _ = await child.process.stop(signal: SIGKILL, timeout: .seconds(5))
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        try child.check()
    }

    /// The same, blocking: for `deinit`.
    private func runBlocking(_ tool: String, _ arguments: [String]) throws {
        let child = try Self.spawn(tool, arguments)
        for _ in 0..<6_000 where child.process.isRunning() { usleep(20_000) }
        try child.check()
    }

    /// A started tool, its output in a file (not a pipe: the server that `pg_ctl start` leaves
    /// running would hold a pipe open).
    private struct Running {
        let process: ChildProcess
        let command: String
        let outputPath: String

        func check() throws {
            defer { try? FileManager.default.removeItem(atPath: outputPath) }
            let status = process.exitStatus ?? -1
            guard status == 0 else {
                throw ServerError.failed(command: command, status: status,
                                         output: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
            }
        }
    }

    private static func spawn(_ tool: String, _ arguments: [String]) throws -> Running {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-postgres-tool-\(UUID().uuidString)").path
        let (executable, all) = getuid() == 0 ? ("/usr/sbin/runuser", ["-u", "postgres", "--", tool] + arguments) : (tool, arguments)
        let process = try ChildProcess(path: executable, arguments: all, outputFile: outputPath)
        return Running(process: process, command: ([executable] + all).joined(separator: " "), outputPath: outputPath)
    }
}
