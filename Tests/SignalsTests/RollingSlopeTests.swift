import Signals
import Testing

@Suite("Rolling slope of timed statistics")
struct RollingSlopeTests {
    @Test("a straight line at Unix-time scale gives its slope exactly, window after window")
    func line() throws {
        var slope = RollingStatistics(capacity: 30, timed: true)
        for step in 0..<500 {
            let time = 1_795_000_000 + Double(step) * 10
            slope.add(0.02 * (time - 1_795_000_000) + 40, at: time)
            if step >= 1 {
                #expect(abs(try #require(slope.slope) - 0.02) < 1e-9)
                #expect(abs(try #require(slope.rateOfChange) - 0.02) < 1e-9)
            }
        }
        #expect(slope.count == 30)
    }

    @Test("the window forgets: a change of trend shows once old samples have left")
    func forgets() throws {
        var slope = RollingStatistics(capacity: 10, timed: true)
        for step in 0..<20 { slope.add(Double(step), at: Double(step)) }
        for step in 20..<30 { slope.add(20, at: Double(step)) }
        #expect(abs(try #require(slope.slope)) < 1e-9)
    }

    @Test("no slope without a time span")
    func degenerate() {
        var slope = RollingStatistics(capacity: 5, timed: true)
        slope.add(1, at: 1)
        #expect(slope.slope == nil)
        slope.add(2, at: 1)
        #expect(slope.slope == nil && slope.rateOfChange == nil)
    }
}
