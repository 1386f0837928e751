import Foundation
import MQTTCodec
import Testing

/// Every input in Tests/Fuzz/corpus (seeds, and inputs that once found a bug) must pass the
/// fuzzer's round-trip property.
@Suite("Fuzz corpus regressions")
struct FuzzRegressionTests {
    static var corpus: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/corpus")
    }

    @Test("every corpus input passes the round-trip property")
    func corpusInputs() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.corpus, includingPropertiesForKeys: nil)
        #expect(files.count >= 10, "the corpus holds the seeds")
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: file))
            let problem = DecoderRoundTrip.check(bytes)
            #expect(problem == nil, "\(file.lastPathComponent): \(problem ?? "")")
        }
    }

    @Test("the sample packets pass too", arguments: [MQTTProtocolVersion.v3_1_1, .v5])
    func samples(version: MQTTProtocolVersion) throws {
        for packet in PacketSamples.all(for: version) {
            #expect(DecoderRoundTrip.check(try MQTTPacketEncoder(version: version).encode(packet)) == nil)
        }
    }
}
