import AlarmEngine
import AlarmStore
import Foundation
import Testing
import TestSupport

@Suite("Crash safety", .enabled(if: Executables.pdmBench != nil, "the pdm-bench executable is not built"))
struct CrashSafetyTests {
    /// A process raising, clearing and acknowledging alarms as fast as it can is killed with SIGKILL
    /// at random moments and started again, repeatedly. Afterwards every alarm's journal is one
    /// unbroken chain of states (nothing lost, nothing doubled) that ends in the alarm's stored
    /// state, and SQLite finds the file sound.
    @Test(.timeLimit(.minutes(2)))
    func killedRepeatedlyNothingLostOrDoubled() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-crash-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/alarms.sqlite"
        var generator = SystemRandomNumberGenerator()
        for round in 0..<6 {
            let log = directory + "/run-\(round).log"
            let process = try ChildProcess(path: try #require(Executables.pdmBench),
                                           arguments: ["alarms", "--database", database, "--assets", "50", "--batch", "8",
                                                       "--seconds", "0"], outputFile: log)
            _ = try await Executables.waitForText("running from", in: log)
            try await Task.sleep(for: .milliseconds(Int.random(in: 150...600, using: &generator)))
            _ = await process.stop(signal: SIGKILL, timeout: .seconds(5))
        }
        let store = try AlarmDatabase(path: database)
        #expect(try store.integrityCheck() == "ok")
        let alarms = try store.alarms(AlarmFilter(limit: 1000))
        #expect(alarms.count == 50)
        var entries: [AlarmKey: [AlarmTransition]] = [:]
        var after: Int64 = 0
        while true {
            let page = try store.journal(after: after, limit: 50_000)
            guard let last = page.last else { break }
            for (_, entry) in page { entries[entry.key, default: []].append(entry) }
            after = last.id
        }
        let total = entries.values.reduce(0) { $0 + $1.count }
        #expect(total > 200, "the process must have made real progress, many batches (\(total) transitions)")
        for alarm in alarms {
            let chain = try #require(entries[alarm.key])
            #expect(chain.first?.from == .normal)
            for (previous, next) in zip(chain, chain.dropFirst()) {
                #expect(previous.to == next.from, "\(alarm.key): \(previous.to.rawValue) then \(next.from.rawValue)")
                #expect(next.occurrence >= previous.occurrence)
            }
            #expect(chain.last?.to == alarm.state, "\(alarm.key): journal ends in \(chain.last?.to.rawValue ?? "-"), record says \(alarm.state.rawValue)")
            #expect(chain.last?.occurrence == alarm.occurrence)
        }
        // Each raise, clear and acknowledgement queued exactly one notification for the receiver of
        // the occurrence: none lost with a rolled-back batch, none doubled by a replay.
        let all = entries.values.joined()
        let raises = all.filter { $0.cause == .conditionActive && $0.from == .normal }.count
        let clears = all.filter { $0.cause == .conditionCleared }.count
        let acknowledgements = all.filter { $0.cause == .acknowledged }.count
        let outbox = try store.count("outbox")
        #expect(outbox == raises + clears + acknowledgements,
                "outbox \(outbox), raises \(raises), clears \(clears), acknowledgements \(acknowledgements)")
    }
}
