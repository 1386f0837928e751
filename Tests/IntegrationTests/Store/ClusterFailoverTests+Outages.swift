import Foundation
import MQTTClient
import MQTTCodec
import PostgresStore
import Synchronization
import TestSupport
import Testing

extension ClusterFailoverTests {
    /// Two shards, each with a leader and a standby, started and settled.
    struct Running {
        var instances: [String: ChildProcess] = [:]
        var north: ShardLease
        var south: ShardLease

        func stopAll() { for (_, process) in instances { _ = process.stop(signal: SIGKILL, timeout: .seconds(5)) } }
    }

    static func startShards(_ cluster: ClusterHarness, northPostgres: [String: Int] = [:]) async throws -> Running {
        var instances: [String: ChildProcess] = [:]
        instances["n1"] = try cluster.start("n1", shard: "north", postgresPort: northPostgres["n1"])
        instances["s1"] = try cluster.start("s1", shard: "south")
        let north = try await cluster.leader(of: "north")
        let south = try await cluster.leader(of: "south")
        instances["n2"] = try cluster.start("n2", shard: "north", postgresPort: northPostgres["n2"])
        instances["s2"] = try cluster.start("s2", shard: "south")
        _ = try await Executables.waitForText("standing by", in: cluster.log("n2"))
        _ = try await Executables.waitForText("standing by", in: cluster.log("s2"))
        return Running(instances: instances, north: north, south: south)
    }

    @Test("the leader killed with escalations pending and the webhooks down: each level fires once, on schedule; every notification arrives once the receiver is back; one ticket per alarm",
          .timeLimit(.minutes(4)))
    func leaderKilledDuringAnOutageWithEscalationsPending() async throws {
        let hook = try await HTTPReceiver()
        let answered = Answers()
        hook.respond { request in answered.note(request, status: 503) }
        let escalateAfter = 12.0
        let cluster = try await ClusterHarness { prefix in
            Self.shards(prefix) + """

                receivers:
                  cmms:
                    kind: webhook
                    url: http://127.0.0.1:\(hook.port)/work-orders
                    retry: {initial: 100ms, max: 400ms, max_attempts: 1000}
                    circuit: {failures: 1000, open_for: 1s}
                  tickets:
                    kind: webhook
                    format: template
                    capture: {issue_id: issue.id}
                    retry: {initial: 100ms, max: 400ms, max_attempts: 1000}
                    circuit: {failures: 1000, open_for: 1s}
                    templates:
                      raised:
                        url: http://127.0.0.1:\(hook.port)/issues.json
                        body: '{"issue": {"subject": "{{summary}}"}}'
                escalation:
                  plant: {levels: [{after: 0, notify: [tickets, cmms]}, {after: \(Int(escalateAfter))s, notify: [cmms]}]}
                rules:
                  - {name: hot, channel: temp, above: 90, deadband: 5, priority: high, escalation: plant}
                """
        }
        let running = try await Self.startShards(cluster)
        defer { running.stopAll() }
        let publisher = RunningClient(.test(port: cluster.brokerPort, version: .v5, clientIdentifier: "\(cluster.prefix)-pub"))
        defer { Task { await publisher.stop() } }
        _ = try await publisher.waitForConnection()

        // Six alarms on the north shard, three on the south, while the receiver answers 503.
        try await Self.stream(publisher.client, prefix: cluster.prefix, shard: "north", assets: 0..<6, every: .zero)
        try await Self.stream(publisher.client, prefix: cluster.prefix, shard: "south", assets: 0..<3, every: .zero)
        let assets = (0..<6).map { "north-\($0)" } + (0..<3).map { "south-\($0)" }
        var expected: Set<String> = []
        for asset in assets {
            expected.insert("\(asset)/hot/1/level-0/tickets")
            expected.insert("\(asset)/hot/1/level-0/cmms")
            expected.insert("\(asset)/hot/1/level-1/cmms")
        }
        let firstLevel = expected.filter { $0.contains("/level-0/") }
        _ = await hook.waitUntil(timeout: 60) { requests in
            Set(requests.compactMap { $0.header("Idempotency-Key") }).isSuperset(of: firstLevel)
        }
        #expect(answered.succeeded.isEmpty, "the receiver is down: nothing delivered yet")
        let due = try await cluster.escalationsDue(assets: "north-")
        #expect(due.count == 6, "each north alarm waits for its second level: \(due)")

        // The north leader dies while its notifications are failing and its escalations pending.
        let leader = try #require(running.instances[running.north.holder])
        _ = await leader.stop(signal: SIGKILL, timeout: .seconds(5))
        let successor = try await cluster.leader(of: "north", not: running.north.holder)
        #expect(successor.epoch == running.north.epoch + 1)
        let ticketNumbers = TestCounter()
        hook.respond { request in
            if request.uri == "/issues.json" {
                return answered.note(request, status: 201, body: #"{"issue": {"id": \#(100 + ticketNumbers.next())}}"#)
            }
            return answered.note(request, status: 200)
        }
        let wanted = expected
        try await cluster.until("every notification answered", timeout: .seconds(90)) { _ in
            answered.succeeded.keys.count >= wanted.count
        }

        let succeeded = answered.succeeded
        #expect(Set(succeeded.keys) == expected, "every notification delivered once the receiver is back")
        #expect(succeeded.filter { $0.value.count != 1 }.isEmpty, "each delivered once: \(succeeded.filter { $0.value.count != 1 })")
        let tickets = hook.requests.filter { $0.uri == "/issues.json" }.count - answered.refused(uri: "/issues.json")
        #expect(tickets == assets.count, "one ticket per alarm occurrence")
        let captured = try await cluster.tickets(assets: "")
        #expect(captured.count == assets.count && Set(captured.map { $0.split(separator: "=").last ?? "" }).count == assets.count,
                "each alarm keeps its own ticket: \(captured)")
        // The second level went out when it fell due, not when the standby took over.
        for (asset, time) in due {
            let sent = try #require(succeeded["\(asset)/hot/1/level-1/cmms"]?.first)
            #expect(sent >= time - 0.05, "\(asset): level 1 not before it was due")
            #expect(sent < time + 5, "\(asset): level 1 sent \(sent - time) s after it was due")
        }
        if let late = due.compactMap({ asset, time in succeeded["\(asset)/hot/1/level-1/cmms"]?.first.map { $0 - time } }).max() {
            print(String(format: "cluster failover: escalations after the takeover at most %.2f s behind schedule", late))
        }
    }

    @Test("PostgreSQL restarted in the middle of two streams: pdm waits, then every reading is processed once",
          .timeLimit(.minutes(4)))
    func postgresRestartedUnderLoad() async throws {
        let cluster = try await ClusterHarness { prefix in
            Self.shards(prefix) + "\nrules:\n  - {name: hot, channel: temp, above: 90, deadband: 5, priority: high}"
        }
        let running = try await Self.startShards(cluster)
        defer { running.stopAll() }
        let publisher = RunningClient(.test(port: cluster.brokerPort, version: .v5, clientIdentifier: "\(cluster.prefix)-pub"))
        defer { Task { await publisher.stop() } }
        _ = try await publisher.waitForConnection()
        let count = 200
        let server = cluster.server
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await Self.stream(publisher.client, prefix: cluster.prefix, shard: "north", assets: 0..<count,
                                      every: .milliseconds(10), killAt: 60) {
                    // A crash of the server (immediate stop), down for a moment, then back.
                    try? await server.stop()
                    try? await Task.sleep(for: .seconds(1))
                    try? await server.start()
                }
            }
            group.addTask {
                try await Self.stream(publisher.client, prefix: cluster.prefix, shard: "south", assets: 0..<count,
                                      every: .milliseconds(10))
            }
            try await group.waitForAll()
        }
        try await cluster.until("every reading of both shards processed", timeout: .seconds(90)) { _ in
            let northCount = try await cluster.alarmCount(shard: "north", assets: "north-")
            let southCount = try await cluster.alarmCount(shard: "south", assets: "south-")
            return northCount == count && southCount == count
        }
        for shard in ["north", "south"] {
            let journal = try await cluster.journal(shard: shard).filter { $0.asset.hasPrefix("\(shard)-") }
            #expect(journal.count == count, "\(shard): one journal entry per reading, none twice")
            #expect(zip(journal, journal.dropFirst()).allSatisfy { $0.term <= $1.term }, "\(shard): terms never go back")
        }
        for (name, process) in running.instances.sorted(by: { $0.key < $1.key }) {
            #expect(process.isRunning(), "\(name) waited for the database instead of exiting: \(cluster.tail(name))")
        }
    }

    @Test("the leader's database connection cut: it steps down, the standby leads, no two leaders at once, no reading lost",
          .timeLimit(.minutes(4)))
    func leaderCutFromTheDatabase() async throws {
        let cluster = try await ClusterHarness { prefix in
            Self.shards(prefix) + "\nrules:\n  - {name: hot, channel: temp, above: 90, deadband: 5, priority: high}"
        }
        // The first north instance reaches PostgreSQL through a relay the test can cut.
        let relay = try await TCPProxy(to: cluster.server.port)
        let running = try await Self.startShards(cluster, northPostgres: ["n1": relay.port])
        defer { running.stopAll() }
        #expect(running.north.holder == "n1")
        let publisher = RunningClient(.test(port: cluster.brokerPort, version: .v5, clientIdentifier: "\(cluster.prefix)-pub"))
        defer { Task { await publisher.stop() } }
        _ = try await publisher.waitForConnection()
        let count = 200
        let cut = Stamp()
        try await Self.stream(publisher.client, prefix: cluster.prefix, shard: "north", assets: 0..<count,
                              every: .milliseconds(10), killAt: 60) {
            cut.mark()
            relay.cut()
        }
        let successor = try await cluster.leader(of: "north", not: "n1")
        #expect(successor.holder == "n2" && successor.epoch == running.north.epoch + 1)
        try await cluster.until("every reading processed", timeout: .seconds(90)) { _ in
            try await cluster.alarmCount(shard: "north", assets: "north-") == count
        }
        let journal = try await cluster.journal(shard: "north").filter { $0.asset.hasPrefix("north-") }
        #expect(journal.count == count, "one journal entry per reading, none twice")
        #expect(zip(journal, journal.dropFirst()).allSatisfy { $0.term <= $1.term }, "no two leaders at once: terms never go back")
        #expect(Set(journal.map(\.term)) == [running.north.epoch, successor.epoch])
        // The cut-off leader stepped down on its own clock, before the successor's first write.
        try await cluster.until("n1 stands by after stepping down") { _ in
            let log = (try? String(contentsOfFile: cluster.log("n1"), encoding: .utf8)) ?? ""
            return log.range(of: "stepping down").map { log[$0.upperBound...].contains("standing by") } ?? false
        }
        #expect(running.instances["n1"]?.isRunning() == true)
        if let cutAt = cut.time, let first = journal.first(where: { $0.term == successor.epoch }) {
            print(String(format: "cluster failover: after a cut from the database, the standby's first reading %.2f s later",
                         first.time - cutAt))
        }
        relay.restore()
    }
}

/// What a test receiver answered, by idempotency key: the times of the 2xx answers.
final class Answers: Sendable {
    private let state = Mutex<(succeeded: [String: [Double]], refused: [String: Int])>(([:], [:]))

    /// Notes the answer to `request` and returns it.
    func note(_ request: HTTPReceiver.Request, status: Int, body: String = "") -> HTTPReceiver.Reply {
        let key = request.header("Idempotency-Key") ?? request.uri
        state.withLock { state in
            if (200..<300).contains(status) {
                state.succeeded[key, default: []].append(Date().timeIntervalSince1970)
            } else {
                state.refused[request.uri, default: 0] += 1
            }
        }
        return .status(status, body: body)
    }

    var succeeded: [String: [Double]] { state.withLock { $0.succeeded } }

    func refused(uri: String) -> Int { state.withLock { $0.refused[uri] ?? 0 } }
}
