import Signals
import Testing

/// The anomaly detectors as an early warning: quiet on healthy machines that drift, at the false
/// alarm rate configured, and quick on degradation.
@Suite("Early warning")
struct EarlyWarningTests {
    /// A healthy machine's indicator: level 1, noise 0.05 (Gaussian), a slow drift of `drift`
    /// standard deviations per thousand readings, and a start-up transient over the first ten.
    static func healthy(_ count: Int, seed: UInt64, drift: Double) -> [Double] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { index in
            let startUp = index < 10 ? 0.5 * Double(10 - index) / 10 : 0
            return 1 + startUp + 0.05 * (drift * Double(index) / 1000 + Gaussian.sample(1, using: &random))
        }
    }

    static let settings = ChannelMonitor.Settings(learningReadings: 200, falseAlarmRunLength: 20_000)

    /// Alarm episodes (the score rising through 1) in the scores.
    static func episodes(_ scores: [Double]) -> Int {
        var count = 0, active = false
        for score in scores {
            if !active && score >= 1 { count += 1 }
            active = score >= 1 ? true : (score < 0.5 ? false : active)
        }
        return count
    }

    static func scores(_ values: [Double], settings: ChannelMonitor.Settings = settings)
        -> (up: [Double], down: [Double])
    {
        var monitor = ChannelMonitor(settings: settings)
        var up: [Double] = [], down: [Double] = []
        for (index, value) in values.enumerated() {
            guard case .success(let features) = monitor.add(time: Double(index), value: value),
                  let anomaly = features.anomaly else { continue }
            up.append(anomaly.upward)
            down.append(anomaly.downward)
        }
        return (up, down)
    }

    /// Twenty healthy machines of 25 000 readings each (half a million readings), drifting up or down
    /// by up to 0.04 standard deviations per thousand readings (one over the run): the upward
    /// detector raises no more than one alarm per 10 000 readings with 20 000 configured. The limits
    /// assume the baseline is known; one learned from 200 readings is off by a few hundredths of a
    /// deviation, which costs up to half the run length.
    @Test func healthyMachinesAlarmAtTheConfiguredRate() {
        var alarms = 0, readings = 0
        for machine in 0..<20 {
            let drift = Double(machine % 5 - 2) * 0.02
            let values = Self.healthy(25_000, seed: UInt64(100 + machine), drift: drift)
            let up = Self.scores(values).up
            alarms += Self.episodes(up)
            readings += up.count
        }
        let runLength = Double(readings) / Double(max(alarms, 1))
        print("early warning: \(alarms) false alarms in \(readings) healthy readings, one per \(Int(runLength)) (20000 configured)")
        #expect(runLength >= 10_000, "one false alarm per \(runLength) readings (\(alarms) alarms)")
    }

    /// A healthy indicator falling slowly (a bearing running in, a cooler season) is not degradation.
    @Test func aDownwardDriftDoesNotTripTheUpwardDetector() {
        let values = Self.healthy(20_000, seed: 7, drift: -3)
        let scores = Self.scores(values)
        #expect(Self.episodes(scores.up) == 0)
        // Without drift tracking the downward side sees it, which is what `direction: down` is for.
        var fixed = Self.settings
        fixed.driftHalfLife = 0
        #expect(Self.episodes(Self.scores(values, settings: fixed).down) > 0)
    }

    /// The start-up transient of the first readings does not widen the learned baseline, and a
    /// few wild readings while learning do not either (median and MAD).
    @Test func theBaselineIsLearnedRobustly() throws {
        var values = Self.healthy(400, seed: 9, drift: 0)
        values[50] = 40
        values[120] = -30
        var monitor = ChannelMonitor(settings: Self.settings)
        for (index, value) in values.enumerated() { _ = monitor.add(time: Double(index), value: value) }
        let baseline = try #require(monitor.baseline)
        #expect(abs(baseline.mean - 1) < 0.01, "mean \(baseline.mean)")
        #expect(abs(baseline.standardDeviation - 0.05) < 0.01, "deviation \(baseline.standardDeviation)")
    }

    /// Degradation from reading 5 000 on: a step of one standard deviation is signalled within a
    /// few dozen readings, a ramp of one standard deviation per 100 readings within two hundred.
    @Test func degradationIsDetectedSoonAfterOnset() throws {
        for (name, shape, within) in [("step", { (_: Int) in 1.0 }, 40), ("ramp", { (k: Int) in Double(k) / 100 }, 200)] {
            var delays: [Int] = []
            for seed in 0..<20 {
                var values = Self.healthy(6_000, seed: UInt64(500 + seed), drift: 0)
                for index in 5_000..<6_000 { values[index] += 0.05 * shape(index - 5_000) }
                let up = Self.scores(values).up
                let offset = values.count - up.count
                let first = up.indices.first { $0 + offset >= 5_000 && up[$0] >= 1 }
                delays.append((first ?? up.count) + offset - 5_000)
            }
            let median = delays.sorted()[delays.count / 2]
            print("early warning: \(name) onset detected after a median of \(median) readings (max \(delays.max() ?? 0))")
            #expect(median <= within, "\(name): median delay \(median) readings (\(delays))")
        }
    }

    @Test func theRunLengthSetsTheLimits() {
        let short = ChannelMonitor.Settings(falseAlarmRunLength: 1_000)
        let long = ChannelMonitor.Settings(falseAlarmRunLength: 1_000_000)
        #expect(short.cusumLimit < long.cusumLimit)
        #expect(short.zLimit < long.zLimit)
        // One-sided Gaussian tail: 1 in 2 × 1 000 000 beyond about 4.89 standard deviations.
        #expect(abs(long.zLimit - 4.89) < 0.01, "\(long.zLimit)")
    }

    /// A rate is only given once the window is full: a start-up ramp cannot trip a rate rule.
    @Test func theFeaturesKeptAreThoseOfTheLastReadingTaken() throws {
        var monitor = ChannelMonitor(settings: .init(window: 10, learningReadings: 20, baselineSkip: 2))
        #expect(monitor.features == nil)
        var last: ChannelFeatures?
        for (index, value) in Self.healthy(300, seed: 7, drift: 0.5).enumerated() {
            // A late reading is taken, one too late is refused: neither changes what is kept wrongly.
            let time = 1_795_000_000.25 + Double(index) - (index % 17 == 0 ? 0.5 : 0)
            if case .success(let features) = monitor.add(time: time, value: value) { last = features }
            if index % 29 == 0 { _ = monitor.add(time: time - 10_000, value: value) }
            #expect(monitor.features == last, "reading \(index)")
        }
        #expect(try #require(monitor.features).anomaly != nil)
    }

    @Test func theRateWaitsForAFullWindow() {
        var monitor = ChannelMonitor(settings: .init(window: 10))
        for index in 0..<9 {
            guard case .success(let features) = monitor.add(time: Double(index), value: Double(index * index)) else {
                Issue.record("refused")
                return
            }
            #expect(features.rateOfChange == nil && features.slope == nil)
        }
        guard case .success(let full) = monitor.add(time: 9, value: 81) else { return }
        #expect(full.rateOfChange == 9 && full.slope != nil)
    }
}

extension EarlyWarningTests {
    /// While the baseline is learned, the features say how many readings are still needed.
    @Test func theBaselineCountsDownItsReadings() throws {
        var monitor = ChannelMonitor(settings: ChannelMonitor.Settings(learningReadings: 10, baselineSkip: 2))
        var remaining: [Int] = []
        for index in 0..<14 {
            let features = try monitor.add(time: Double(index), value: 1 + 0.01 * Double(index % 3)).get()
            remaining.append(features.baselineRemaining)
            #expect((features.anomaly == nil) == (index <= 11), "scores start with the reading after the last one learned")
        }
        #expect(remaining == [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0, 0])
    }
}
