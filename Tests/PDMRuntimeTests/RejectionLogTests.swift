@testable import PDMRuntime
import Testing

@Suite("Rejection log")
struct RejectionLogTests {
    static func error(_ topic: String) -> ReadingError { .malformedPayload(topic: topic, detail: "not JSON") }

    @Test("a storm of one kind is one line and one summary per interval; another kind is logged at once")
    func storm() {
        var log = RejectionLog(interval: 5)
        var lines: [RejectionLog.Entry] = []
        for step in 0..<3373 {
            let now = 100 + Double(step) * 0.001
            if let entry = log.record(Self.error("plant/pump-1/v"), now: now) { lines.append(entry) }
            lines += log.due(now: now)
        }
        #expect(lines == [.first(Self.error("plant/pump-1/v"))])
        if let entry = log.record(Self.error("plant/pump-2/v"), now: 104) { lines.append(entry) }
        lines += log.due(now: 105.5)
        #expect(lines.count == 3)
        #expect(lines[1] == .first(Self.error("plant/pump-2/v")))
        #expect(lines[2] == .summary(latest: Self.error("plant/pump-1/v"), count: 3372, seconds: 5.5))
        // Quiet afterwards: forgotten, so the next one is logged whole again.
        #expect(log.due(now: 111).isEmpty)
        #expect(log.record(Self.error("plant/pump-1/v"), now: 112) == .first(Self.error("plant/pump-1/v")))
    }

    @Test("random topics cannot grow it without bound: past capacity they group by reason")
    func capacity() {
        var log = RejectionLog(interval: 5, capacity: 10)
        var logged = 0
        for index in 0..<10_000 where log.record(Self.error("junk/\(index)"), now: 1) != nil { logged += 1 }
        #expect(logged == 11)
    }
}
