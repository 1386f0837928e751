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

    @Test("irregular fractional times at Unix scale, over many windows: the slope of an exact least-squares fit")
    func irregular() throws {
        var slope = RollingStatistics(capacity: 60, timed: true)
        var generator = SystemRandomNumberGenerator()
        var window: [(t: Double, x: Double)] = []
        var time = 1_795_000_000.0
        for step in 0..<5_000 {
            // Gaps from 1 ms to 30 s, the occasional pause of an hour.
            time += step % 997 == 0 ? 3600 : Double.random(in: 0.001...30, using: &generator)
            let value = 0.004 * (time - 1_795_000_000) + Double.random(in: -1...1, using: &generator)
            slope.add(value, at: time)
            window.append((time, value))
            if window.count > 60 { window.removeFirst() }
            guard window.count >= 2 else { continue }
            let t0 = window[0].t
            let n = Double(window.count)
            let st = window.reduce(0) { $0 + ($1.t - t0) }, sx = window.reduce(0) { $0 + $1.x }
            let stt = window.reduce(0) { $0 + ($1.t - t0) * ($1.t - t0) }, stx = window.reduce(0) { $0 + ($1.t - t0) * $1.x }
            let exact = (n * stx - st * sx) / (n * stt - st * st)
            let ours = try #require(slope.slope)
            #expect(abs(ours - exact) <= 1e-6 * max(abs(exact), 1e-3), "step \(step): \(ours) against \(exact)")
            let rate = (window[window.count - 1].x - window[0].x) / (window[window.count - 1].t - t0)
            #expect(abs(try #require(slope.rateOfChange) - rate) <= 1e-6 * max(abs(rate), 1e-3))
        }
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
