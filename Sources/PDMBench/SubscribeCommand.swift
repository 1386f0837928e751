import ArgumentParser
import Foundation
import Logging
import MQTTClient
import MQTTCodec

/// Subscribes and counts messages until `count` have arrived; prints when it is subscribed and,
/// at the end, `received <n> first=<unix s> last=<unix s>`.
struct SubscribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "subscribe")

    @OptionGroup var broker: BrokerOptions
    @Option(help: "Topic filter.") var topic: String
    @Option(help: "QoS of the subscription.") var qos = 0
    @Option(help: "Messages to wait for.") var count = 0
    @Flag(help: "Keep the session (clean start off).") var persistent = false
    @Flag(help: "Only create the session and subscription, then disconnect.") var sessionOnly = false
    @Option(help: "Give up after this many seconds without a message.") var idleTimeout = 20.0

    func run() async throws {
        var logger = Logger(label: "pdm-bench")
        logger.logLevel = .warning
        let client = MQTTClient(configuration: broker.configuration(cleanStart: !persistent), logger: logger)
        let runner = Task { try await client.run() }
        let codes = try await client.subscribe([MQTTSubscription(topicFilter: topic, qos: MQTTQoS(rawValue: UInt8(qos)) ?? .atMostOnce)])
        guard codes.allSatisfy({ !$0.isFailure }) else {
            throw ValidationError("subscription refused: \(codes)")
        }
        FileHandle.standardOutput.write(Data("subscribed\n".utf8))
        if sessionOnly {
            client.shutdown()
            _ = try? await runner.value
            return
        }
        let messages = client.messages
        let timeout = idleTimeout
        let expected = count
        let result = await withTaskGroup(of: (Int, Double, Double)?.self) { group in
            group.addTask {
                // On the client's event loop, as an application that handles each message where it is read.
                await client.onEventLoop {
                    var received = 0
                    var first = 0.0
                    var last = 0.0
                    // A batch at a time, as pdm's ingest takes them.
                    for await batch in messages.batches {
                        for _ in batch {
                            last = Date().timeIntervalSince1970
                            if received == 0 { first = last }
                            received += 1
                            if received == expected { return (received, first, last) }
                        }
                    }
                    return (received, first, last)
                }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(timeout))
                return nil
            }
            let outcome = await group.next() ?? nil
            group.cancelAll()
            return outcome
        }
        client.shutdown()
        _ = try? await runner.value
        guard let (received, first, last) = result else {
            print("received fewer than \(count) (idle timeout)")
            throw ExitCode(1)
        }
        print(String(format: "received %d first=%.6f last=%.6f", received, first, last))
    }
}
