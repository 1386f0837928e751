import MQTTCodec

/// One of each packet type, with every optional field used, for round-trip tests.
enum PacketSamples {
    static func all(for version: MQTTProtocolVersion) -> [MQTTPacket] {
        let v5 = version == .v5
        let props: MQTTProperties = v5 ? [.userProperty("site", "north"), .reasonString("because")] : []
        let will = MQTTWill(topic: "pdm/status", payload: Array("offline".utf8), qos: .atLeastOnce, retain: true,
                            properties: v5 ? [.willDelayInterval(5), .contentType("text/plain")] : [])
        return [
            .connect(MQTTConnect(version: version, clientIdentifier: "pdm-1", cleanStart: false, keepAlive: 30,
                                 username: "user", password: Array("secret".utf8), will: will,
                                 properties: v5 ? [.sessionExpiryInterval(3600), .receiveMaximum(100),
                                                   .maximumPacketSize(65536)] : [])),
            .connect(MQTTConnect(version: version, clientIdentifier: "", cleanStart: true, keepAlive: 0)),
            .connAck(MQTTConnAck(sessionPresent: true, reasonCode: .success,
                                 properties: v5 ? [.receiveMaximum(20), .maximumQoS(1), .retainAvailable(1),
                                                   .assignedClientIdentifier("auto-1"), .serverKeepAlive(40)] : [])),
            .connAck(MQTTConnAck(sessionPresent: false, reasonCode: MQTTReasonCode(v5 ? 0x86 : 4))),
            .publish(MQTTPublish(topic: "plant/a/pump-1/temp", payload: Array(#"{"value":1}"#.utf8))),
            .publish(MQTTPublish(topic: "plant/a/pump-1/vib", payload: [0, 1, 2, 255], qos: .atLeastOnce,
                                 retain: true, dup: true, packetIdentifier: 7,
                                 properties: v5 ? [.messageExpiryInterval(60), .responseTopic("reply/x"),
                                                   .correlationData([9, 9]), .payloadFormatIndicator(0)] : [])),
            .publish(MQTTPublish(topic: "t", payload: [], qos: .exactlyOnce, packetIdentifier: 65535)),
            .pubAck(MQTTAcknowledgement(packetIdentifier: 1)),
            .pubRec(MQTTAcknowledgement(packetIdentifier: 2, reasonCode: v5 ? .noMatchingSubscribers : .success)),
            .pubRel(MQTTAcknowledgement(packetIdentifier: 3, reasonCode: v5 ? .packetIdentifierNotFound : .success,
                                        properties: props)),
            .pubComp(MQTTAcknowledgement(packetIdentifier: 4)),
            .subscribe(MQTTSubscribe(packetIdentifier: 10, subscriptions: [
                MQTTSubscription(topicFilter: "plant/+/+/temp", qos: .atLeastOnce),
                MQTTSubscription(topicFilter: "plant/#", qos: .exactlyOnce, noLocal: v5, retainAsPublished: v5,
                                 retainHandling: v5 ? .doNotSend : .sendOnSubscribe),
            ], properties: v5 ? [.subscriptionIdentifier(300)] : [])),
            .subAck(MQTTSubAck(packetIdentifier: 10, reasonCodes: [.grantedQoS1, MQTTReasonCode(0x80)],
                               properties: props)),
            .unsubscribe(MQTTUnsubscribe(packetIdentifier: 11, topicFilters: ["a/b", "c/#"], properties: props)),
            .unsubAck(MQTTSubAck(packetIdentifier: 11, reasonCodes: v5 ? [.success, .noSubscriptionExisted] : [],
                                 properties: props)),
            .pingReq,
            .pingResp,
            .disconnect(MQTTDisconnect(reasonCode: v5 ? .disconnectWithWill : .success, properties: props)),
            .disconnect(MQTTDisconnect()),
        ] + (v5 ? [.auth(MQTTDisconnect(reasonCode: MQTTReasonCode(0x18),
                                         properties: [.authenticationMethod("SCRAM"), .authenticationData([1, 2])]))]
                : [])
    }
}
