import MQTTCodec
import Signals
import Testing

@Suite("Malformed input")
struct MalformedInputTests {
    let v3 = MQTTPacketDecoder(version: .v3_1_1)
    let v5 = MQTTPacketDecoder(version: .v5)

    @Test("a remaining length of more than four bytes is refused")
    func overlongRemainingLength() {
        var decoder = MQTTStreamDecoder(decoder: v3)
        decoder.append([0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(throws: MQTTCodecError.malformedRemainingLength) { try decoder.next() }
    }

    @Test("a packet larger than the maximum is refused from its header alone")
    func tooLarge() {
        var decoder = MQTTStreamDecoder(decoder: MQTTPacketDecoder(version: .v5, maximumPacketSize: 100))
        decoder.append([0x30, 0xE8, 0x07])  // remaining length 1000, no body yet
        #expect(throws: MQTTCodecError.packetTooLarge(size: 1003, maximum: 100)) { try decoder.next() }
    }

    @Test("truncated bodies are reported with the field that ran out")
    func truncated() {
        // PUBLISH QoS 1 whose remaining length covers the topic but not the packet identifier.
        #expect(throws: MQTTCodecError.truncated(.publish, field: "packet identifier")) {
            try v3.decode(frame: [0x32, 0x03, 0x00, 0x01, 0x61])
        }
        #expect(throws: MQTTCodecError.truncated(.connect, field: "protocol level")) {
            try v3.decode(frame: [0x10, 0x06, 0x00, 0x04, 0x4D, 0x51, 0x54, 0x54])
        }
        // A string whose length runs past the packet.
        #expect(throws: MQTTCodecError.truncated(.subscribe, field: "topic filter")) {
            try v3.decode(frame: [0x82, 0x05, 0x00, 0x01, 0x00, 0x09, 0x61])
        }
    }

    @Test("wrong fixed-header flags are refused")
    func badFlags() {
        #expect(throws: MQTTCodecError.invalidFlags(.subscribe, flags: 0)) {
            try v3.decode(frame: [0x80, 0x06, 0x00, 0x01, 0x00, 0x01, 0x61, 0x00])
        }
        #expect(throws: MQTTCodecError.invalidFlags(.pubRel, flags: 0)) { try v3.decode(frame: [0x60, 0x02, 0x00, 0x01]) }
        #expect(throws: MQTTCodecError.invalidFlags(.pingReq, flags: 1)) { try v3.decode(frame: [0xC1, 0x00]) }
        // QoS 3.
        #expect(throws: MQTTCodecError.invalidFlags(.publish, flags: 6)) {
            try v3.decode(frame: [0x36, 0x05, 0x00, 0x01, 0x61, 0x00, 0x01])
        }
        // DUP on QoS 0.
        #expect(throws: MQTTCodecError.invalidFlags(.publish, flags: 8)) {
            try v3.decode(frame: [0x38, 0x03, 0x00, 0x01, 0x61])
        }
    }

    @Test("invalid UTF-8 and U+0000 in topics are refused")
    func invalidUTF8() {
        #expect(throws: MQTTCodecError.invalidUTF8(.publish, field: "topic name")) {
            try v3.decode(frame: [0x30, 0x04, 0x00, 0x02, 0xC3, 0x28])
        }
        #expect(throws: MQTTCodecError.invalidUTF8(.publish, field: "topic name")) {
            try v3.decode(frame: [0x30, 0x04, 0x00, 0x02, 0x61, 0x00])
        }
        // A lone surrogate encoded in UTF-8 (ED A0 80) is not well-formed.
        #expect(throws: MQTTCodecError.invalidUTF8(.publish, field: "topic name")) {
            try v3.decode(frame: [0x30, 0x05, 0x00, 0x03, 0xED, 0xA0, 0x80])
        }
    }

    @Test("wildcards in a PUBLISH topic are refused")
    func wildcardInTopicName() {
        #expect(throws: MQTTCodecError.invalidTopic(.publish, topic: "a/+",
                                                    reason: "wildcards are not allowed in a topic name")) {
            try v3.decode(frame: [0x30, 0x05, 0x00, 0x03, 0x61, 0x2F, 0x2B])
        }
    }

    @Test("reserved packet type 0 and AUTH in 3.1.1 are refused")
    func reservedTypes() {
        #expect(throws: MQTTCodecError.invalidPacketType(0)) { try v3.decode(frame: [0x00, 0x00]) }
        #expect(throws: MQTTCodecError.invalidPacketType(15)) { try v3.decode(frame: [0xF0, 0x00]) }
    }

    @Test("packet identifier 0 is refused")
    func zeroPacketIdentifier() {
        #expect(throws: MQTTCodecError.invalidValue(.pubAck, field: "packet identifier", reason: "must not be 0")) {
            try v3.decode(frame: [0x40, 0x02, 0x00, 0x00])
        }
    }

    @Test("unknown MQTT 5 properties and truncated property lists are refused")
    func badProperties() {
        // CONNACK with property 0x7F.
        #expect(throws: MQTTCodecError.invalidProperty(.connAck, identifier: 0x7F)) {
            try v5.decode(frame: [0x20, 0x05, 0x00, 0x00, 0x02, 0x7F, 0x00])
        }
        // Property length 5 but only 2 bytes follow.
        #expect(throws: MQTTCodecError.truncated(.connAck, field: "properties")) {
            try v5.decode(frame: [0x20, 0x05, 0x00, 0x00, 0x05, 0x24, 0x01])
        }
    }

    @Test("trailing bytes after the last field are refused")
    func trailing() {
        #expect(throws: MQTTCodecError.trailingBytes(.pubAck, count: 1)) { try v3.decode(frame: [0x40, 0x03, 0x00, 0x01, 0x00]) }
        #expect(throws: MQTTCodecError.trailingBytes(.pingResp, count: 1)) { try v3.decode(frame: [0xD0, 0x01, 0x00]) }
    }

    @Test("a CONNECT for an unknown protocol is refused")
    func unknownProtocol() {
        #expect(throws: MQTTCodecError.unsupportedProtocol(name: "MQIsdp", level: 3)) {
            try v3.decode(frame: [0x10, 0x0C, 0x00, 0x06, 0x4D, 0x51, 0x49, 0x73, 0x64, 0x70, 0x03, 0x02, 0x00, 0x3C])
        }
    }

    @Test("random bytes never crash the decoder")
    func randomGarbage() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...40, using: &rng)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if !bytes.isEmpty { bytes[0] = UInt8.random(in: 0...15, using: &rng) << 4 | (bytes[0] & 0x0F) }
            for decoder in [v3, v5] {
                var stream = MQTTStreamDecoder(decoder: decoder)
                stream.append(bytes)
                do { while try stream.next() != nil {} } catch {}
            }
        }
    }

    @Test("the encoder refuses what the decoder would refuse")
    func encoderValidation() {
        let encoder = MQTTPacketEncoder(version: .v3_1_1, maximumPacketSize: 64)
        #expect(throws: MQTTCodecError.self) {
            try encoder.encode(.publish(MQTTPublish(topic: "a/#", payload: [])))
        }
        #expect(throws: MQTTCodecError.packetTooLarge(size: 105, maximum: 64)) {
            try encoder.encode(.publish(MQTTPublish(topic: "a", payload: Array(repeating: 0, count: 100))))
        }
        #expect(throws: MQTTCodecError.self) {
            try encoder.encode(.publish(MQTTPublish(topic: "a", payload: [], qos: .atLeastOnce)))
        }
    }
}
