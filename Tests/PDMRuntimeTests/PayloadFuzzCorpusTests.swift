import Foundation
import FuzzTargets
import Testing

/// Every input in Tests/Fuzz/corpora/<target> (seeds, and inputs that once found a bug) must pass
/// its payload fuzzer's property.
@Suite("Payload fuzz corpus regressions")
struct PayloadFuzzCorpusTests {
    static var corpora: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/corpora")
    }

    @Test("every corpus input passes its target's property", arguments: PayloadFuzzing.targets.keys.sorted())
    func corpus(target: String) throws {
        let check = try #require(PayloadFuzzing.targets[target])
        let files = try FileManager.default.contentsOfDirectory(at: Self.corpora.appendingPathComponent(target),
                                                                includingPropertiesForKeys: nil)
        #expect(!files.isEmpty, "the \(target) corpus holds seeds")
        for file in files {
            let problem = check([UInt8](try Data(contentsOf: file)))
            #expect(problem == nil, "\(target)/\(file.lastPathComponent): \(problem ?? "")")
        }
    }
}
