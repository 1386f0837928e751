import ArgumentParser
import Foundation
import Logging
import MQTTClient
import MQTTCodec

/// Publishes `count` small JSON readings, keeping up to `window` unacknowledged at a time.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "publish")

    @OptionGroup var broker: BrokerOptions
    @Option(help: "Topic.") var topic: String
    @Option(help: "QoS.") var qos = 1
    @Option(help: "Messages to publish.") var count = 100_000
    @Option(help: "Publications in flight at once.") var window = 256
    @Option(help: "Plant mode: assets, each publishing every channel once per second (topic <topic>/<asset>/<channel>).")
    var assets = 0
    @Option(help: "Plant mode: channels per asset.") var channels = 3
    @Option(help: "Plant mode: seconds to run.") var seconds = 300.0

    func run() async throws {
        if assets > 0 { return try await plant() }
        var logger = Logger(label: "pdm-bench")
        logger.logLevel = .warning
        let client = MQTTClient(configuration: broker.configuration(cleanStart: true), logger: logger)
        let runner = Task { try await client.run() }
        let level = MQTTQoS(rawValue: UInt8(qos)) ?? .atLeastOnce
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                if index >= window { try await group.next() }
                let payload = Array(#"{"ts":\#(1_700_000_000 + index),"value":\#(Double(index % 1000) / 10)}"#.utf8)
                group.addTask { try await client.publish(topic: topic, payload: payload, qos: level) }
            }
            try await group.waitForAll()
        }
        client.shutdown()
        _ = try? await runner.value
        print("published \(count)")
    }

    /// `assets` × `channels` readings per second at QoS 0, paced every 10 ms, for `seconds`.
    func plant() async throws {
        var logger = Logger(label: "pdm-bench")
        logger.logLevel = .warning
        let client = MQTTClient(configuration: broker.configuration(cleanStart: true), logger: logger)
        let runner = Task { try await client.run() }
        try await client.publish(topic: topic + "/ready", payload: [], qos: .atLeastOnce)  // waits for the connection
        let names = ["velocity_rms", "bearing_temp", "speed", "ambient_temp", "winding_temp"]
        let channelNames = (0..<channels).map { $0 < names.count ? names[$0] : "channel_\($0)" }
        let perSecond = assets * channels
        let start = ContinuousClock.now
        var next = start
        var sent = 0
        var tick = 0
        while ContinuousClock.now - start < .seconds(seconds) {
            let due = Int(Double(perSecond) * Double(tick + 1) / 100)
            while sent < due {
                let asset = (sent / channels) % assets
                let channel = channelNames[sent % channels]
                let value = 20 + Double((sent * 7919) % 1000) / 100
                let time = Date().timeIntervalSince1970
                try await client.publish(topic: "\(topic)/asset-\(asset)/\(channel)",
                                         payload: Array(#"{"ts":\#(time),"value":\#(value)}"#.utf8), qos: .atMostOnce)
                sent += 1
            }
            tick += 1
            next += .milliseconds(10)
            try await Task.sleep(until: next, clock: .continuous)
        }
        client.shutdown()
        _ = try? await runner.value
        print("published \(sent) in \(seconds) s")
    }
}
