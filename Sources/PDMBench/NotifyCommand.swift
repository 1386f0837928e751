import AlarmStore
import ArgumentParser
import Foundation
import Logging
import MQTTClient
import MQTTCodec
import PDMConfig
import PDMRuntime
import ServiceLifecycle
import Synchronization

/// Notification latency: a reading that changes an alarm's state is published, and the time until
/// the alarm event arrives on `<prefix>/alarms/<asset>/<rule>/event` is taken (pdm running in
/// this process on a real broker: parsing, the engine, the SQLite commit, the publication). The
/// anchor is the same two broker hops through a plain relay client that republishes at once.
/// Prints the BENCH line with both 99th percentiles.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "notify")

    @OptionGroup var broker: BrokerOptions
    @Option(help: "Measured transitions (after 50 to warm up).") var count = 1000
    @Option(help: "Background readings per second (QoS 0, within limits, 1,000 assets) during both measurements.")
    var loadRate = 0
    @Option(help: "Name of the BENCH line.") var name = "notify_latency_p99"

    func run() async throws {
        var logger = Logger(label: "pdm-bench")
        logger.logLevel = .error
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-bench-notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let prefix = "bench-\(UUID().uuidString.prefix(6))"
        let config = directory.appendingPathComponent("alarms.yaml").path
        try """
            broker: {host: \(broker.host), port: \(broker.port), client_id: \(prefix)-pdm, protocol: "5"}
            topics: {prefix: \(prefix)}
            subscriptions:
              - {topic: "\(prefix)/plant/{asset}/{channel}", qos: 1}
            storage: {database: state.sqlite}
            prognostics: {models: \(directory.path)}
            chatter: {enabled: false}
            flood: {enabled: false}
            rules:
              - {name: hot, channel: temp, above: 90, deadband: 5, priority: high}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let configuration = try PDMConfiguration.load(path: config)
        let pdmClient = MQTTClient(configuration: configuration.mqttClientConfiguration, logger: logger)
        let services = try await PDMServices(configuration: configuration, client: pdmClient, models: ModelLibrary(),
                                       database: try AlarmDatabase(path: configuration.databasePath, syncEveryCommit: configuration.durability == .power), logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: pdmClient, serviceName: "mqtt")] + services.services, logger: logger))
        let pdmRunner = Task { try await group.run() }

        // The relay of the anchor.
        var relayOptions = broker
        relayOptions.mqtt = "5"
        relayOptions.clientId = "\(prefix)-relay"
        let relay = MQTTClient(configuration: relayOptions.configuration(cleanStart: true), logger: logger)
        let relayRunner = Task { try await relay.run() }
        _ = try await relay.subscribe([MQTTSubscription(topicFilter: "\(prefix)/relay-in", qos: .atLeastOnce)])
        let relaying = Task {
            for try await message in relay.messages {
                try await relay.publish(topic: "\(prefix)/relay-out", payload: message.payload, qos: .atLeastOnce)
            }
        }

        var probeOptions = broker
        probeOptions.mqtt = "5"
        probeOptions.clientId = "\(prefix)-probe"
        let probe = MQTTClient(configuration: probeOptions.configuration(cleanStart: true), logger: logger)
        let probeRunner = Task { try await probe.run() }
        _ = try await probe.subscribe([MQTTSubscription(topicFilter: "\(prefix)/alarms/+/+/event", qos: .atLeastOnce),
                                       MQTTSubscription(topicFilter: "\(prefix)/relay-out", qos: .atLeastOnce)])
        var messages = probe.messages.makeAsyncIterator()
        // pdm subscribes once its session is up: a retained reading reaches it then, and its
        // alarm event says pdm is ready.
        try await probe.publish(topic: "\(prefix)/plant/pump-0/temp", payload: Array(#"{"value": 95}"#.utf8), qos: .atLeastOnce,
                                retain: true)
        guard await messages.next() != nil else { throw ValidationError("pdm raised no alarm") }
        try await probe.publish(topic: "\(prefix)/plant/pump-0/temp", payload: [], qos: .atLeastOnce, retain: true)

        // Background load: readings of other assets that change nothing, paced every 10 ms.
        var loadOptions = broker
        loadOptions.mqtt = "5"
        loadOptions.clientId = "\(prefix)-load"
        let loader = MQTTClient(configuration: loadOptions.configuration(cleanStart: true), logger: logger)
        let loaderRunner = Task { try await loader.run() }
        let loadRate = loadRate
        let sentCount = Atomic<Int>(0)
        let loading = Task {
            guard loadRate > 0 else { return }
            // QoS 1 waits for the connection; QoS 0 would fail before it.
            try await loader.publish(topic: "\(prefix)/load-ready", payload: [], qos: .atLeastOnce)
            let perTick = max(loadRate / 100, 1)
            var sent = 0
            var next = ContinuousClock.now
            while !Task.isCancelled {
                for _ in 0..<perTick {
                    let asset = "load-\(sent % 1000)"
                    try await loader.publish(topic: "\(prefix)/plant/\(asset)/temp",
                                             payload: Array(#"{"value": \#(50 + Double(sent % 7))}"#.utf8), qos: .atMostOnce)
                    sent += 1
                }
                sentCount.store(sent, ordering: .relaxed)
                next += .milliseconds(10)
                try await Task.sleep(until: next, clock: .continuous)
            }
        }
        let loadStart = ContinuousClock.now

        func measure(topic: String, payload: (Int) -> String) async throws -> [Double] {
            var latencies: [Double] = []
            for index in 0..<(count + 50) {
                let start = ContinuousClock.now
                try await probe.publish(topic: topic, payload: Array(payload(index).utf8), qos: .atLeastOnce)
                guard await messages.next() != nil else { throw ValidationError("the probe's subscription ended") }
                let elapsed = ContinuousClock.now - start
                if index >= 50 {
                    latencies.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
                }
            }
            return latencies.sorted()
        }
        let ours = try await measure(topic: "\(prefix)/plant/pump-1/temp") { #"{"value": \#($0 % 2 == 0 ? 95 : 80)}"# }
        let anchor = try await measure(topic: "\(prefix)/relay-in") { #"{"value": \#($0 % 2 == 0 ? 95 : 80)}"# }
        loading.cancel()
        _ = try? await loading.value
        let sent = sentCount.load(ordering: .relaxed)
        let achieved = Double(sent) / max((ContinuousClock.now - loadStart) / .seconds(1), 0.001)
        func p99(_ sorted: [Double]) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)] }
        print(String(format: "\(name) latency ms: pdm p50 %.3f p99 %.3f max %.3f; relay p50 %.3f p99 %.3f; background %.0f msg/s",
                     ours[ours.count / 2], p99(ours), ours.last ?? 0, anchor[anchor.count / 2], p99(anchor), achieved))
        print(String(format: "BENCH \(name) %.3f ms anchor=%.3f ratio=%.3f", p99(ours), p99(anchor), p99(ours) / p99(anchor)))
        loader.shutdown()
        _ = try? await loaderRunner.value

        relaying.cancel()
        for client in [probe, relay] { client.shutdown() }
        await group.triggerGracefulShutdown()
        for runner in [pdmRunner, relayRunner, probeRunner] { _ = try? await runner.value }
    }
}
