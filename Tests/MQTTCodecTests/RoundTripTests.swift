import MQTTCodec
import Testing

@Suite("Packet round trips")
struct RoundTripTests {
    @Test("every packet type round-trips", arguments: [MQTTProtocolVersion.v3_1_1, .v5])
    func roundTrip(version: MQTTProtocolVersion) throws {
        let encoder = MQTTPacketEncoder(version: version)
        let decoder = MQTTPacketDecoder(version: version)
        for packet in PacketSamples.all(for: version) {
            let bytes = try encoder.encode(packet)
            let decoded = try decoder.decode(frame: bytes)
            #expect(decoded == packet, "\(packet.type) did not survive a round trip")
        }
    }

    @Test("3.1.1 CONNECT matches the bytes in the specification")
    func connectWireFormat() throws {
        let bytes = try MQTTPacketEncoder(version: .v3_1_1).encode(
            .connect(MQTTConnect(version: .v3_1_1, clientIdentifier: "abc", cleanStart: true, keepAlive: 60)))
        #expect(bytes == [0x10, 0x0F, 0x00, 0x04, 0x4D, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x3C, 0x00, 0x03,
                          0x61, 0x62, 0x63])
    }

    @Test("PUBLISH QoS 1 wire format with DUP and retain")
    func publishWireFormat() throws {
        let bytes = try MQTTPacketEncoder(version: .v3_1_1).encode(
            .publish(MQTTPublish(topic: "a/b", payload: [0xAA], qos: .atLeastOnce, retain: true, dup: true,
                                 packetIdentifier: 0x0102)))
        #expect(bytes == [0x3B, 0x08, 0x00, 0x03, 0x61, 0x2F, 0x62, 0x01, 0x02, 0xAA])
    }

    @Test("MQTT 5 PUBACK with success and no properties is two bytes long")
    func shortAck() throws {
        let bytes = try MQTTPacketEncoder(version: .v5).encode(.pubAck(MQTTAcknowledgement(packetIdentifier: 5)))
        #expect(bytes == [0x40, 0x02, 0x00, 0x05])
    }

    @Test("remaining length uses 1 to 4 bytes", arguments: [0, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152])
    func remainingLengthBoundaries(payloadBytes: Int) throws {
        let packet = MQTTPacket.publish(MQTTPublish(topic: "t", payload: Array(repeating: 7, count: payloadBytes)))
        let bytes = try MQTTPacketEncoder(version: .v3_1_1).encode(packet)
        #expect(try MQTTPacketDecoder(version: .v3_1_1).decode(frame: bytes) == packet)
    }
}
