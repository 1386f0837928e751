import AlarmStore
import ArgumentParser
import BenchmarkKernels
import Foundation

/// Raises and clears alarms as fast as the engine and the database allow: every reading crosses
/// the limit one way or the other, so every reading is a transition, journaled, saved and (for
/// raises) queued in the outbox, `--batch` readings per transaction. It resumes from whatever the
/// database holds, so it can be killed and started again. Prints `transitions=<n> seconds=<t>`.
struct AlarmsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alarms")

    @Option(help: "SQLite file.") var database: String
    @Option(help: "Assets.") var assets = 200
    @Option(help: "Readings per transaction.") var batch = 64
    @Option(help: "Stop after this many seconds (0: until killed).") var seconds = 5.0

    func run() throws {
        var kernel = try AlarmTransitionKernel(store: try AlarmDatabase(path: database), assets: assets)
        FileHandle.standardOutput.write(Data("running from \(kernel.restored) alarms\n".utf8))
        let start = Date()
        var transitions = 0
        while seconds <= 0 || Date().timeIntervalSince(start) < seconds {
            transitions += try kernel.pass(batch: batch)
        }
        try kernel.finish()
        let elapsed = Date().timeIntervalSince(start)
        print("transitions=\(transitions) seconds=\(elapsed)")
    }
}
