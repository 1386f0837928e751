import Foundation
import MQTTClient
import MQTTCodec
import NIOConcurrencyHelpers
import TestSupport
import Testing

@Suite("Broker restart in the middle of a stream", .enabled(if: MosquittoBroker.executable != nil, "mosquitto is not installed"))
struct BrokerRestartTests {
    @Test("10,000 messages across a broker restart: all arrive; with QoS 2 none twice",
          arguments: [MQTTQoS.atLeastOnce, .exactlyOnce])
    func streamSurvivesRestart(qos: MQTTQoS) async throws {
        let total = 10_000
        let broker = try await MosquittoBroker(configLines: [
            "allow_anonymous true", "persistence true", "persistence_location {dir}/", "max_queued_messages 0",
        ])
        defer { broker.stop() }

        let subscriber = RunningClient(.test(port: broker.port, version: .v5, clientIdentifier: "restart-sub-\(qos.rawValue)",
                                             cleanStart: false))
        try await subscriber.client.subscribe([MQTTSubscription(topicFilter: "stream/#", qos: qos)])
        // A clean-session client whose subscription must come back on its own.
        let watcher = RunningClient(.test(port: broker.port, version: .v3_1_1, clientIdentifier: "restart-watch-\(qos.rawValue)"))
        try await watcher.client.subscribe([MQTTSubscription(topicFilter: "probe/#", qos: .atLeastOnce)])
        let publisher = RunningClient(.test(port: broker.port, version: .v5, clientIdentifier: "restart-pub-\(qos.rawValue)",
                                            cleanStart: false))
        let pubClient = publisher.client
        let publishing = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<total {
                    if index >= 64 { try await group.next() }
                    group.addTask { try await pubClient.publish(topic: "stream/data", payload: Array("\(index)".utf8), qos: qos) }
                }
                try await group.waitForAll()
            }
        }

        var seen = Set<Int>()
        var duplicates: [String] = []
        var restarted = false
        var restored = false
        for await message in subscriber.client.messages {
            guard let index = Int(message.payloadString) else { Issue.record("bad payload"); break }

            if !seen.insert(index).inserted {
                duplicates.append("#\(index) (packet \(message.packetIdentifier ?? 0), DUP \(message.isDuplicate))")
            }
            if !restarted && seen.count == total / 3 {
                restarted = true
                try await broker.restart()
                let codes = try await watcher.waitFor("restored subscriptions", timeout: .seconds(30)) { event -> [MQTTReasonCode]? in
                    if case .subscriptionsRestored(_, let codes) = event { return codes }
                    return nil
                }
                // The restored subscription is live: a probe published now reaches the clean-session watcher.
                try await pubClient.publish(topic: "probe/after-restart", payload: Array("probe".utf8), qos: .atLeastOnce)
                let watcherMessages = watcher.client.messages
                restored = try await withTimeout(.seconds(30), "the probe after the restart") {
                    for await probe in watcherMessages where probe.topic == "probe/after-restart" { return true }
                    return false
                }
                #expect(codes.filter(\.isFailure).isEmpty, "resubscription granted: \(codes)")
            }
            if seen.count == total { break }
        }
        try await publishing.value
        #expect(restarted)
        #expect(seen.count == total, "every message arrives")
        if qos == .exactlyOnce {
            #expect(duplicates.isEmpty, "QoS 2 delivered twice: \(duplicates.prefix(20))")
        }
        #expect(restored, "the watcher's subscription came back on its own")
        await publisher.stop()
        await subscriber.stop()
        await watcher.stop()
    }
}
