import AlarmEngine
import AlarmStore
import Foundation
import MQTTClient
import MQTTCodec
import PostgresStore
import TestSupport
import Synchronization
import Testing

/// pdm as N instances: shards of an active and a standby instance on one PostgreSQL server and
/// one mosquitto, the leader killed (SIGKILL) in the middle of things.
@Suite("Cluster failover", .serialized,
       .enabled(if: TestBrokers.available && Executables.pdm != nil && PostgresServer.available,
                "needs mosquitto, the built pdm and PostgreSQL's initdb and pg_ctl (apt-get install -y postgresql)"))
struct ClusterFailoverTests {
    static func shards(_ prefix: String) -> String {
        """
        cluster:
          shard: ${PDM_SHARD}
          instance: ${PDM_INSTANCE}
          lease: 3s
          shards:
            north: [{topic: "\(prefix)/north/{asset}/{channel}", qos: 1}]
            south: [{topic: "\(prefix)/south/{asset}/{channel}", qos: 1}]
        """
    }

    /// Publishes one reading at QoS 1 to each of `assets` (a new asset each, so each reading
    /// raises one alarm), paced `every`, calling `after` once `killAt` have been acknowledged.
    static func stream(_ client: MQTTClient, prefix: String, shard: String, assets: Range<Int>, every: Duration,
                       killAt: Int? = nil, after: @Sendable () async -> Void = {}) async throws {
        for index in assets {
            if index == killAt { await after() }
            _ = try await client.publish(topic: "\(prefix)/\(shard)/\(shard)-\(index)/temp", payload: Array(#"{"value": 97}"#.utf8),
                                         qos: .atLeastOnce)
            try await Task.sleep(for: every)
        }
    }

    @Test("2 shards × 2 instances: the leader of one killed mid-stream; every QoS 1 reading processed once, no two leaders at once",
          .timeLimit(.minutes(4)))
    func leaderKilledDuringAStream() async throws {
        let cluster = try await ClusterHarness { prefix in
            Self.shards(prefix) + "\nrules:\n  - {name: hot, channel: temp, above: 90, deadband: 5, priority: high}"
        }
        var instances: [String: ChildProcess] = [:]
        defer { for (_, process) in instances { _ = process.stop(signal: SIGKILL, timeout: .seconds(5)) } }
        // Each shard's first instance leads; the second stands by.
        instances["n1"] = try cluster.start("n1", shard: "north")
        instances["s1"] = try cluster.start("s1", shard: "south")
        let north = try await cluster.leader(of: "north")
        let south = try await cluster.leader(of: "south")
        instances["n2"] = try cluster.start("n2", shard: "north")
        instances["s2"] = try cluster.start("s2", shard: "south")
        _ = try await Executables.waitForText("standing by", in: cluster.log("n2"))
        _ = try await Executables.waitForText("standing by", in: cluster.log("s2"))

        let publisher = RunningClient(.test(port: cluster.brokerPort, version: .v5, clientIdentifier: "\(cluster.prefix)-pub"))
        defer { Task { await publisher.stop() } }
        _ = try await publisher.waitForConnection()
        let count = 200
        let kill = Stamp()
        try await withThrowingTaskGroup(of: Void.self) { group in
            let leader = try #require(instances[north.holder])
            group.addTask {
                try await Self.stream(publisher.client, prefix: cluster.prefix, shard: "north", assets: 0..<count,
                                      every: .milliseconds(10), killAt: 60) {
                    kill.mark()
                    _ = leader.stop(signal: SIGKILL, timeout: .seconds(5))
                }
            }
            group.addTask {
                try await Self.stream(publisher.client, prefix: cluster.prefix, shard: "south", assets: 0..<count,
                                      every: .milliseconds(10))
            }
            try await group.waitForAll()
        }
        let successor = try await cluster.leader(of: "north", not: north.holder)
        #expect(successor.epoch == north.epoch + 1)
        try await cluster.until("every reading of both shards processed") { _ in
            let northCount = try await cluster.alarmCount(shard: "north", assets: "north-")
            let southCount = try await cluster.alarmCount(shard: "south", assets: "south-")
            return northCount == count && southCount == count
        }
        // Counted on both sides: 200 published, 200 alarms, one journal entry each.
        #expect(try await cluster.alarmCount(shard: "north", assets: "north-") == count)
        #expect(try await cluster.alarmCount(shard: "south", assets: "south-") == count)
        let northEntries = try await cluster.journal(shard: "north")
        let northJournal = northEntries.filter { $0.asset.hasPrefix("north-") }
        // 200 new alarms in seconds are a flood of the plant: raised once, and not ended by the takeover.
        let flood = northEntries.filter { !$0.asset.hasPrefix("north-") }
        #expect(flood.count == 1 && flood.first?.transition.hasSuffix("(condition_active)") == true,
                "the flood summary, once: \(flood)")
        #expect(northJournal.count == count, """
            a reading delivered again after the failover changes nothing; \
            twice: \(Dictionary(grouping: northJournal, by: \.asset).values.filter { $0.count > 1 })
            """)
        // No two leaders acted at once: in id order, the terms never go back.
        #expect(zip(northJournal, northJournal.dropFirst()).allSatisfy { $0.term <= $1.term })
        #expect(Set(northJournal.map(\.term)) == [north.epoch, successor.epoch])
        #expect(Set(try await cluster.journal(shard: "south").map(\.term)) == [south.epoch], "the other shard went on untouched")
        // Any instance serves the whole plant, and takes commands for any shard.
        let leading = try await HTTPAPITests.call("GET", cluster.api(successor.holder) + "/readyz")
        #expect(leading.status == 200 && leading.json["role"] as? String == "leader" && leading.json["shard"] as? String == "north"
                && (leading.json["term"] as? Int).map(Int64.init) == successor.epoch, "\(leading.text)")
        let standby = south.holder == "s1" ? "s2" : "s1"
        let standing = try await HTTPAPITests.call("GET", cluster.api(standby) + "/readyz")
        #expect(standing.status == 200 && standing.json["role"] as? String == "standby" && standing.json["shard"] as? String == "south"
                && standing.json["term"] == nil, "\(standing.text)")
        let listed = try await HTTPAPITests.call("GET", cluster.api(standby) + "/api/v1/alarms?asset=north-1", token: cluster.token)
        #expect(listed.status == 200 && listed.text.contains(#""asset":"north-1""#), "\(listed.text)")
        let ack = try await HTTPAPITests.call("POST", cluster.api(standby) + "/api/v1/alarms/north-1/hot/ack", token: cluster.token,
                                              body: #"{"comment": "seen from the south console"}"#)
        #expect(ack.status == 200, "\(ack.text)")
        let acknowledged = try await cluster.journal(shard: "north").last { $0.asset == "north-1" }
        #expect(acknowledged?.transition.hasSuffix("(acknowledged)") == true && acknowledged?.term == successor.epoch,
                "applied by the north leader: \(String(describing: acknowledged))")
        if let killed = kill.time, let first = northJournal.first(where: { $0.term == successor.epoch }) {
            print(String(format: "cluster failover: first reading processed by the new leader %.2f s after the SIGKILL",
                         first.time - killed))
        }
    }
}

/// A moment of the test, noted once (wall clock, as the journal's times are).
final class Stamp: Sendable {
    private let value = Mutex<Double?>(nil)

    func mark() { value.withLock { $0 = $0 ?? Date().timeIntervalSince1970 } }

    var time: Double? { value.withLock { $0 } }
}
