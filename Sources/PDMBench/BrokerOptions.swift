import ArgumentParser
import MQTTClient
import MQTTCodec

/// Broker connection options shared by the benchmark commands.
struct BrokerOptions: ParsableArguments {
    @Option(help: "Broker host.") var host = "127.0.0.1"
    @Option(help: "Broker port.") var port = 1883
    @Option(help: "MQTT protocol: 3.1.1 or 5.") var mqtt = "3.1.1"
    @Option(help: "Client identifier.") var clientId = "pdm-bench"

    func configuration(cleanStart: Bool) -> MQTTClientConfiguration {
        MQTTClientConfiguration(
            host: host, port: port, version: mqtt == "5" ? .v5 : .v3_1_1, clientIdentifier: clientId,
            cleanStart: cleanStart, sessionExpiry: cleanStart ? 0 : 3600,
            reconnect: MQTTReconnectPolicy(initialDelay: .milliseconds(50), maximumDelay: .seconds(1), maximumAttempts: 20),
            receiveMaximum: 65535)
    }
}
