import Foundation

/// Python modules the tests use as real peers (jsonschema, openapi-spec-validator, selenium).
package enum PythonModules {
    /// Whether `python3` imports every module named.
    package static func available(_ modules: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTool.resolve("python3"))
        process.arguments = ["-c", "import " + modules.joined(separator: ", ")]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
