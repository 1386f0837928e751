import MQTTCodec

/// The MQTT codec on the path of every reading: a PUBLISH with a small JSON payload encoded into a
/// reused buffer and split back out of a byte stream, as the client reads it.
package struct MQTTCodecKernel {
    private let encoder: MQTTPacketEncoder
    private let publishes: [MQTTPacket]

    package init(messages: Int) {
        encoder = MQTTPacketEncoder(version: .v5)
        publishes = (0..<messages).map { index in
            .publish(MQTTPublish(topic: "plant/site-1/pump-\(index % 100)/temp", payload: Array(#"{"ts":1700000000,"value":42.5}"#.utf8),
                                 qos: .atLeastOnce, packetIdentifier: UInt16(truncatingIfNeeded: index % 65_535 + 1)))
        }
    }

    /// Encodes every message into one stream and decodes it again: the packets read back.
    package func roundTrip(into bytes: inout [UInt8]) throws(MQTTCodecError) -> Int {
        bytes.removeAll(keepingCapacity: true)
        for packet in publishes { try encoder.encode(packet, into: &bytes) }
        var decoder = MQTTStreamDecoder(decoder: MQTTPacketDecoder(version: .v5))
        decoder.append(bytes)
        var count = 0
        while try decoder.next() != nil { count += 1 }
        return count
    }
}
