import MQTTCodec
import Signals
import Testing

@Suite("Stream decoding")
struct StreamDecodingTests {
    private func stream(_ version: MQTTProtocolVersion) throws -> (packets: [MQTTPacket], bytes: [UInt8]) {
        let packets = PacketSamples.all(for: version)
        let encoder = MQTTPacketEncoder(version: version)
        var bytes: [UInt8] = []
        for packet in packets { try encoder.encode(packet, into: &bytes) }
        return (packets, bytes)
    }

    @Test("fed one byte at a time", arguments: [MQTTProtocolVersion.v3_1_1, .v5])
    func byteByByte(version: MQTTProtocolVersion) throws {
        let (packets, bytes) = try stream(version)
        var decoder = MQTTStreamDecoder(decoder: MQTTPacketDecoder(version: version))
        var decoded: [MQTTPacket] = []
        for byte in bytes {
            decoder.append(CollectionOfOne(byte))
            while let packet = try decoder.next() { decoded.append(packet) }
        }
        #expect(decoded == packets)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test("fed in random splits", arguments: [MQTTProtocolVersion.v3_1_1, .v5])
    func randomSplits(version: MQTTProtocolVersion) throws {
        let (packets, bytes) = try stream(version)
        var rng = SplitMix64(seed: 0x5EED + UInt64(version.rawValue))
        for _ in 0..<200 {
            var decoder = MQTTStreamDecoder(decoder: MQTTPacketDecoder(version: version))
            var decoded: [MQTTPacket] = []
            var offset = 0
            while offset < bytes.count {
                let take = min(bytes.count - offset, Int.random(in: 1...64, using: &rng))
                decoder.append(bytes[offset..<(offset + take)])
                offset += take
                while let packet = try decoder.next() { decoded.append(packet) }
            }
            #expect(decoded == packets)
        }
    }
}
