import Foundation
import PDMConfig
import TestSupport
import Testing
import Yams

/// Every YAML example in README.md and docs/ is a configuration `pdm check` accepts: a complete
/// one as it stands, a fragment merged into the shipped alarms.yaml (a receiver alone, indented
/// as the docs show it, goes under `receivers:`).
@Suite("Examples in the documentation")
struct DocumentationExampleTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var file: String
        var line: Int
        var text: String
        var testDescription: String { "\(file):\(line)" }
    }

    /// The fenced `yaml` blocks of the documents, dedented by their fence's indentation.
    static let examples: [Example] = {
        let root = Repository.root
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? []
        let files = ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        var examples: [Example] = []
        for file in files {
            guard let text = try? String(contentsOf: root.appendingPathComponent(file), encoding: .utf8) else { continue }
            var block: (line: Int, indent: Int, lines: [String])?
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.drop { $0 == " " }
                let indent = line.count - trimmed.count
                if var open = block {
                    if trimmed.hasPrefix("```") {
                        examples.append(Example(file: file, line: open.line, text: open.lines.joined(separator: "\n") + "\n"))
                        block = nil
                    } else {
                        open.lines.append(String(line.dropFirst(min(open.indent, indent))))
                        block = open
                    }
                } else if trimmed == "```yaml" || trimmed == "```yml" {
                    block = (number + 1, indent, [])
                }
            }
        }
        return examples
    }()

    static var shipped: String {
        return (try? String(contentsOf: Repository.root.appendingPathComponent("alarms.yaml"), encoding: .utf8)) ?? ""
    }

    @Test func theDocumentsHaveExamples() {
        #expect(Self.examples.count >= 8, "\(Self.examples.map(\.testDescription))")
        #expect(Self.examples.contains { $0.file == "README.md" })
    }

    @Test(arguments: examples)
    func exampleIsAValidConfiguration(_ example: Example) throws {
        var yaml = example.text
        if yaml.first == " " { yaml = "receivers:\n" + yaml }
        let fragment = try #require(try Yams.load(yaml: yaml) as? [String: Any], "\(example.testDescription) is not a mapping")
        let text: String
        if fragment["subscriptions"] != nil {
            text = yaml
        } else {
            var base = try #require(try Yams.load(yaml: Self.shipped) as? [String: Any])
            // A cluster example brings every shard's subscriptions.
            if fragment["cluster"] != nil { base.removeValue(forKey: "subscriptions") }
            text = try Yams.dump(object: Self.merge(base, fragment))
        }
        // The variables an example names are set as a deployment would set them.
        var environment: [String: String] = [:]
        var rest = Substring(example.text)
        while let start = rest.range(of: "${") {
            let name = rest[start.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            let shards = ((fragment["cluster"] as? [String: Any])?["shards"] as? [String: Any])?.keys.sorted()
            environment[String(name)] = name.hasSuffix("_URL") ? "https://receiver.plant.local/hook"
                : name.hasSuffix("SHARD") ? (shards?.first ?? "north") : "s3cret-value"
            rest = rest[start.upperBound...]
        }
        do {
            _ = try PDMConfiguration.parse(yaml: text, file: example.testDescription, environment: environment)
        } catch {
            Issue.record("\(example.testDescription): \(error.issues.map(\.description).joined(separator: "\n"))\n\(example.text)")
        }
    }

    /// `overlay`'s keys over `base`'s, mappings merged key by key.
    static func merge(_ base: [String: Any], _ overlay: [String: Any]) -> [String: Any] {
        var result = base
        for (key, value) in overlay {
            if let inner = value as? [String: Any], let existing = result[key] as? [String: Any] {
                result[key] = merge(existing, inner)
            } else {
                result[key] = value
            }
        }
        return result
    }
}
