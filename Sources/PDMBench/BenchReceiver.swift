import ArgumentParser
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// An HTTP receiver on loopback for the webhook benchmark: answers 200 to every POST and keeps
/// what the benchmark checks (each request's path and idempotency key, and one body).
final class BenchReceiver: Sendable {
    private struct Seen: Sendable {
        var paths: [String] = []
        var keys: Set<String> = []
        var firstBody: [UInt8]?
    }

    /// Shared with the request handler, which runs before `self` exists.
    private final class Log: Sendable {
        let state = Mutex(Seen())
    }

    private let log = Log()
    private let running: Task<Void, any Error>
    /// The port it listens on.
    let port: Int

    init() async throws {
        let log = log
        let router = Router()
        router.post("**") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            log.state.withLock { seen in
                seen.paths.append(request.uri.path)
                if let key = request.headers.first(where: { $0.name.canonicalName == "idempotency-key" })?.value {
                    seen.keys.insert(key)
                }
                if seen.firstBody == nil { seen.firstBody = Array(buffer: body) }
            }
            return .ok
        }
        let (ports, portReady) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "bench.receiver")
        logger.logLevel = .error
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                      onServerRunning: { channel in
                                          portReady.yield(channel.localAddress?.port ?? 0)
                                          portReady.finish()
                                      }, logger: logger)
        running = Task { try await application.runService() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            running.cancel()
            throw ValidationError("the benchmark's HTTP receiver did not start")
        }
        self.port = port
    }

    /// Requests whose path starts with `prefix`.
    func count(under prefix: String) -> Int {
        log.state.withLock { $0.paths.filter { $0.hasPrefix(prefix) }.count }
    }

    /// The distinct idempotency keys seen.
    var idempotencyKeys: Int { log.state.withLock { $0.keys.count } }

    /// The first body received.
    var firstBody: [UInt8]? { log.state.withLock { $0.firstBody } }

    func stop() {
        running.cancel()
    }
}
