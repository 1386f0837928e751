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

    func run() async throws {
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
}
