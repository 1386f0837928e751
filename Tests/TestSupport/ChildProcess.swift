import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn` with an empty signal mask and default signal handlers,
/// so it reacts to SIGTERM whatever the test runner's threads had blocked (Foundation's `Process`
/// passes the spawning thread's mask on, and a broker that inherits a blocked SIGTERM never stops),
/// and with no file descriptor of the test process beyond its standard input, output and error.
package final class ChildProcess: Sendable {
    package let pid: pid_t
    private let status = NIOLockedStatus()

    /// The exit code once the process has exited normally.
    package var exitStatus: Int32? { status.value }

    /// Starts `path` with `arguments`; standard output and error go to `outputFile` (appended) or nowhere.
    package init(path: String, arguments: [String], outputFile: String? = nil, environment: [String: String]? = nil) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let output = outputFile ?? "/dev/null"
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of the test process reaches the child: a child holding a copy of a test's
        // socket would keep that connection open after the test closed it.
        Self.closeInheritedDescriptors(&actions)

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { variables in
            variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer { envp?.forEach { free($0) } }
        var pid = pid_t()
        let status = envp.map { envp in
            envp.withUnsafeBufferPointer { posix_spawn(&pid, path, &actions, &attributes, argv, $0.baseAddress) }
        } ?? posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard status == 0 else { throw SpawnError(path: path, code: status) }
        self.pid = pid
    }

    /// A process nobody stopped (a test that failed before its clean-up) is killed and reaped, so it
    /// does not outlive the test run holding ports, files and CPU.
    deinit {
        guard !status.reaped else { return }
        var raw: Int32 = 0
        if waitpid(pid, &raw, WNOHANG) == 0 {
            kill(pid, SIGKILL)
            waitpid(pid, &raw, 0)
        }
    }

    /// Whether the process is still running (reaps it if it exited).
    package func isRunning() -> Bool {
        if status.reaped { return false }
        var raw: Int32 = 0
        let result = waitpid(pid, &raw, WNOHANG)
        if result == pid { status.record(raw) }
        return result == 0
    }

    /// Sends `signal` and waits (bounded) for the process to exit; SIGKILL if it does not.
    /// Returns the exit status, or `nil` when it had to be killed.
    @discardableResult
    package func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(10)) -> Int32? {
        if status.reaped { return status.value }
        kill(pid, signal)
        let deadline = ContinuousClock.now + timeout
        while true {
            if let outcome = reap(by: deadline) { return outcome }
            usleep(2_000)
        }
    }

    /// Sends `signal` and waits (bounded) for the process to exit, without holding a thread of
    /// the concurrency pool; SIGKILL if it does not. Returns the exit status, or `nil` when it
    /// had to be killed.
    @discardableResult
    package func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(10)) async -> Int32? {
        if status.reaped { return status.value }
        kill(pid, signal)
        let deadline = ContinuousClock.now + timeout
        while true {
            if let outcome = reap(by: deadline) { return outcome }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    /// One look at the process: once it has exited, its exit status (`.some(nil)` when killed by a
    /// signal); once `deadline` has passed, a SIGKILL and `.some(nil)`; `nil` while it may still run.
    private func reap(by deadline: ContinuousClock.Instant) -> Int32?? {
        var raw: Int32 = 0
        if waitpid(pid, &raw, WNOHANG) != 0 {
            status.record(raw)
            return .some(status.value)
        }
        guard ContinuousClock.now > deadline else { return nil }
        kill(pid, SIGKILL)
        waitpid(pid, &raw, 0)
        status.record(raw)
        return .some(nil)
    }

    /// Waits (bounded) for the process to exit by itself; SIGKILL after `timeout`. Returns the
    /// exit status, or `nil` when it had to be killed.
    @discardableResult
    package func waitForExit(timeout: Duration) async -> Int32? {
        await stop(signal: 0, timeout: timeout)
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 on), which Swift's Glibc module
    /// does not declare.
    private static let closeFrom: CloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        if let closeFrom {
            _ = closeFrom(&actions, 3)
            return
        }
        // Without it: close what is open now (listed from /proc).
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap(Int32.init) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }

    package struct SpawnError: Error, CustomStringConvertible {
        package let path: String
        package let code: Int32
        package var description: String { "cannot start \(path): error \(code)" }
    }
}


/// The reaped status of a child, shared between calls.
final class NIOLockedStatus: @unchecked Sendable {
    // @unchecked Sendable: both fields are only touched while `lock` is held.
    private let lock = NSLock()
    private var raw: Int32?

    var reaped: Bool { lock.withLock { raw != nil } }

    /// Exit code for a normal exit (bits 8-15 of the wait status); nil if killed by a signal or running.
    var value: Int32? {
        lock.withLock {
            guard let raw, raw & 0x7F == 0 else { return nil }
            return (raw >> 8) & 0xFF
        }
    }

    func record(_ status: Int32) { lock.withLock { raw = status } }
}
