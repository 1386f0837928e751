import MQTTClient
import PDMConfig

extension PDMConfiguration {
    /// The MQTT client settings for this configuration's broker. QoS 1/2 messages are acknowledged
    /// by the journal writer once their effect is committed.
    package var mqttClientConfiguration: MQTTClientConfiguration {
        var mqtt = MQTTClientConfiguration(
            host: broker.host, port: broker.port, version: broker.version,
            clientIdentifier: broker.clientIdentifier, cleanStart: broker.cleanStart,
            sessionExpiry: broker.sessionExpiry, keepAlive: .seconds(broker.keepAlive),
            username: broker.username, password: broker.password)
        mqtt.acknowledgement = .manual
        if let path = broker.webSocketPath { mqtt.transport = .webSocket(path: path) }
        // pdm's own Sparkplug edge node leaves its death as the will.
        if let publish = sparkplug?.publish { mqtt.will = SparkplugEdgeService.will(publish) }
        if let tls = broker.tls {
            mqtt.tls = MQTTTLSConfiguration(caFile: tls.caFile, certificateFile: tls.certificateFile,
                                            privateKeyFile: tls.keyFile, serverName: tls.serverName,
                                            verifyCertificates: tls.verify)
        }
        return mqtt
    }
}
