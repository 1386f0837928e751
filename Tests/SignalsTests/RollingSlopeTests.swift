import Signals
import Testing

@Suite("Rolling slope")
struct RollingSlopeTests {
    @Test("a straight line at Unix-time scale gives its slope exactly, window after window")
    func line() throws {
        var slope = RollingSlope(capacity: 30)
        for step in 0..<500 {
            let time = 1_795_000_000 + Double(step) * 10
            slope.add(time: time, value: 0.02 * (time - 1_795_000_000) + 40)
            if step >= 1 {
                #expect(abs(try #require(slope.slope) - 0.02) < 1e-9)
                #expect(abs(try #require(slope.rateOfChange) - 0.02) < 1e-9)
            }
        }
        #expect(slope.count == 30)
    }

    @Test("the window forgets: a change of trend shows once old samples have left")
    func forgets() throws {
        var slope = RollingSlope(capacity: 10)
        for step in 0..<20 { slope.add(time: Double(step), value: Double(step)) }
        for step in 20..<30 { slope.add(time: Double(step), value: 20) }
        #expect(abs(try #require(slope.slope)) < 1e-9)
    }

    @Test("no slope without a time span")
    func degenerate() {
        var slope = RollingSlope(capacity: 5)
        slope.add(time: 1, value: 1)
        #expect(slope.slope == nil)
        slope.add(time: 1, value: 2)
        #expect(slope.slope == nil && slope.rateOfChange == nil)
    }
}
