#if canImport(MQTTCodec)
import MQTTCodec
#endif

/// The property the decoder fuzzer checks, shared with the regression tests: any bytes either fail
/// to decode with an error, or decode to packets that encode and decode back to the same packets.
/// Traps, hangs and inconsistencies are bugs.
enum DecoderRoundTrip {
    /// `nil` when `bytes` behave; otherwise what went wrong.
    static func check(_ bytes: [UInt8]) -> String? {
        for version in [MQTTProtocolVersion.v3_1_1, .v5] {
            var stream = MQTTStreamDecoder(decoder: MQTTPacketDecoder(version: version, maximumPacketSize: 1 << 20))
            stream.append(bytes)
            let encoder = MQTTPacketEncoder(version: version)
            var decoded = 0
            while decoded <= bytes.count {
                let packet: MQTTPacket
                do {
                    guard let next = try stream.next() else { break }
                    packet = next
                } catch {
                    break
                }
                decoded += 1
                let reencoded: [UInt8]
                do {
                    reencoded = try encoder.encode(packet)
                } catch {
                    return "MQTT \(version): decoded \(packet.type) does not encode: \(error)"
                }
                do {
                    let again = try MQTTPacketDecoder(version: version).decode(frame: reencoded)
                    if again != packet { return "MQTT \(version): \(packet.type) changes in a round trip" }
                } catch {
                    return "MQTT \(version): re-encoded \(packet.type) does not decode: \(error)"
                }
            }
            if decoded > bytes.count { return "MQTT \(version): more packets than bytes" }
            if let mismatch = publishPathsAgree(bytes, version: version) { return mismatch }
        }
        return nil
    }

    /// When `bytes` start with a complete PUBLISH, the receive path's `decodePublish` and the
    /// general `decode` must agree: the same publication, or both refusing it.
    static func publishPathsAgree(_ bytes: [UInt8], version: MQTTProtocolVersion) -> String? {
        let decoder = MQTTPacketDecoder(version: version, maximumPacketSize: 1 << 20)
        guard let header = try? MQTTFrameHeader.parse(bytes, maximumPacketSize: decoder.maximumPacketSize),
              header.typeAndFlags >> 4 == MQTTPacketType.publish.rawValue, header.packetLength <= bytes.count
        else { return nil }
        let general = Result { () throws(MQTTCodecError) in try decoder.decode(header: header, frame: bytes) }
        let direct = bytes.withUnsafeBytes { frame in
            Result { () throws(MQTTCodecError) in try decoder.decodePublish(header: header, bytes: frame) }
        }
        switch (general, direct) {
        case (.success(.publish(let a)), .success(let b)) where a == b: return nil
        case (.failure, .failure): return nil
        default: return "MQTT \(version): decodePublish and decode disagree on a PUBLISH"
        }
    }
}
