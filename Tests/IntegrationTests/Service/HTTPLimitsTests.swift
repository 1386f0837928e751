import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

/// The HTTP API under abuse: malformed requests get an answer, oversized ones the right status,
/// silent connections are closed, and a flood of half-open connections leaves it serving.
@Suite("HTTP limits of a running pdm", .enabled(if: TestBrokers.available && Executables.pdm != nil,
                                              "needs mosquitto and the built pdm executable"))
struct HTTPLimitsTests {
    @Test("400 for garbage, HTTP/0.9 and a negative Content-Length; 431 for a huge header; 413 for a huge body; idle connections closed; a flood of half-open connections does not starve /healthz")
    func limits() async throws {
        let (port, broker) = try await TestBrokers.plain()
        defer { _ = broker }
        let id = UUID().uuidString.prefix(8)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-limits-\(id)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let httpPort = try FreePort.allocate()
        let token = "t0k3n-\(UUID().uuidString)"
        let config = directory + "/alarms.yaml"
        try """
            broker: {host: 127.0.0.1, port: \(port), client_id: pdm-l-\(id)}
            topics: {prefix: l-\(id)}
            subscriptions:
              - {topic: "l-\(id)/plant/{asset}/{channel}"}
            storage: {database: state.sqlite}
            http:
              port: \(httpPort)
              max_connections: 32
              idle_timeout: 1s
              tokens:
                - {user: ann, token: "\(token)"}
            rules:
              - {name: bearing-hot, channel: temp, above: 90}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let log = directory + "/pdm.log"
        let service = try ChildProcess(path: try #require(Executables.pdm), arguments: ["run", "--config", config], outputFile: log)
        _ = try await Executables.waitForText("HTTP API listening", in: log)

        func exchange(_ request: String) throws -> String {
            let connection = try RawConnection(port: httpPort)
            connection.send(request)
            return connection.receive(timeout: .seconds(5)).text
        }
        for malformed in ["HELLO THERE\r\n\r\n", "GET /\r\n\r\n", "\u{1}\u{2}\u{3}\r\n\r\n",
                          "POST /api/v1/alarms/a/b/ack HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"] {
            let answer = try exchange(malformed)
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(malformed.debugDescription): \(answer.prefix(200).debugDescription)")
        }
        let huge = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 1_048_576) + "\r\n\r\n"
        let tooLarge = try exchange(huge)
        #expect(tooLarge.hasPrefix("HTTP/1.1 431"), "\(tooLarge.prefix(200).debugDescription)")
        let body = #"{"comment": ""# + String(repeating: "x", count: 200_000) + #""}"#
        let bigBody = try exchange("POST /api/v1/alarms/a/b/comment HTTP/1.1\r\nHost: x\r\nAuthorization: bearer \(token)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        #expect(bigBody.hasPrefix("HTTP/1.1 413"), "\(bigBody.prefix(200).debugDescription)")

        // A silent connection is closed after the idle timeout.
        let silent = try RawConnection(port: httpPort)
        let start = ContinuousClock.now
        let outcome = silent.receive(timeout: .seconds(10))
        #expect(outcome.closed && ContinuousClock.now - start < .seconds(5), "closed after \(ContinuousClock.now - start)")

        // Hundreds of half-open connections: the server keeps at most 32, closes the silent ones,
        // and answers /healthz within a few idle timeouts.
        var flood: [RawConnection] = []
        for _ in 0..<300 {
            guard let connection = try? RawConnection(port: httpPort) else { break }
            connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n")  // never finished
            flood.append(connection)
        }
        let probe = try RawConnection(port: httpPort)
        probe.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let health = probe.receive(timeout: .seconds(30))
        #expect(health.text.hasPrefix("HTTP/1.1 200") && health.text.contains(#""status":"ok""#), "\(health.text.prefix(300))")
        flood.removeAll()

        // The lowercase scheme is accepted (RFC 9110: case-insensitive).
        let lower = try exchange("POST /api/v1/alarms/pump-9/none/ack HTTP/1.1\r\nHost: x\r\nAuthorization: bearer \(token)\r\n"
            + "Content-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(lower.hasPrefix("HTTP/1.1 404"), "an unknown alarm is 404 (not 401, not 409): \(lower.prefix(300))")
        // The live WebSocket: the token (header or access_token), and the same origin for browsers.
        func upgrade(_ extra: String, query: String = "") throws -> String {
            let request = "GET /api/v1/live\(query) HTTP/1.1\r\nHost: 127.0.0.1:\(httpPort)\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extra + "\r\n"
            let connection = try RawConnection(port: httpPort)
            connection.send(request)
            return connection.receive(timeout: .seconds(2)).text
        }
        #expect(try upgrade("", query: "?access_token=\(token)").hasPrefix("HTTP/1.1 101"))
        #expect(try upgrade("Authorization: Bearer \(token)\r\nOrigin: http://127.0.0.1:\(httpPort)\r\n").hasPrefix("HTTP/1.1 101"))
        #expect(!(try upgrade("")).hasPrefix("HTTP/1.1 101"), "no token, no feed")
        #expect(!(try upgrade("Origin: http://evil.example\r\n", query: "?access_token=\(token)")).hasPrefix("HTTP/1.1 101"),
                "another origin, no feed")
        #expect(await service.stop(signal: SIGTERM, timeout: .seconds(10)) == 0)
    }
}
