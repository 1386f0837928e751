import PlantSimulator
import Prognostics
import Signals
import Testing

/// Remaining life without failure history: a trend toward the configured failure level.
@Suite struct TrendPrognoserTests {
    struct Replay {
        var estimates: [(estimate: RULEstimate, truth: Double)] = []
        /// Onset of the episode under way at the end.
        var onsetSeen: Double?
    }

    /// One machine of the simulated fleet: its velocity through a channel monitor (baseline from
    /// the first 30 readings) and a trend toward the ISO 10816 zone D limit of 7.1 mm/s.
    static func replay(_ run: RunToFailureFleet.Run, horizon: Double = 200) -> Replay {
        var monitor = ChannelMonitor(settings: .init(learningReadings: 30, falseAlarmRunLength: 10_000))
        var trend: TrendPrognoser?
        var replay = Replay()
        for (time, row) in zip(run.times, run.rows) {
            guard case .success(let features) = monitor.add(time: time, value: row[0]) else { continue }
            if trend == nil, let baseline = monitor.baseline {
                trend = TrendPrognoser(asset: run.asset, channel: "velocity_rms",
                                       settings: .init(failureLevel: 7.1, horizon: horizon), baseline: baseline)
            }
            if let estimate = trend?.observe(time: time, value: row[0], anomaly: features.anomaly?.upward ?? 0) {
                replay.estimates.append((estimate, min(run.failureTime - time, horizon)))
            }
            replay.onsetSeen = trend?.onset
        }
        return replay
    }

    @Test func noEstimateUntilDegradationThenOneThatConvergesOnTheTruth() throws {
        let fleet = RunToFailureFleet(count: 20, lives: 150...300, step: 1, seed: 41)
        var lateErrors: [Double] = [], covered = 0, judged = 0, delays: [Double] = []
        for run in fleet.runs {
            let replay = Self.replay(run)
            let onset = try #require(replay.onsetSeen, "\(run.asset): degradation never detected")
            // A false alarm just before the true onset may run into it; none holds from earlier.
            #expect(onset >= run.onset - 0.1 * (run.failureTime - run.start),
                    "\(run.asset): onset seen at \(onset) before the true \(run.onset)")
            delays.append((onset - run.onset) / (run.failureTime - run.onset))
            #expect(replay.estimates.allSatisfy { $0.estimate.model == "trend" })
            // The last fifth of life: the median within a fifth of the life left plus five steps.
            for (estimate, truth) in replay.estimates where estimate.time >= run.failureTime - 0.2 * (run.failureTime - run.onset) {
                lateErrors.append(abs(estimate.rul - truth))
                #expect(abs(estimate.rul - truth) <= 0.35 * truth + 8, "\(run.asset) at \(estimate.time): \(estimate.rul) vs \(truth)")
                judged += 1
                if estimate.lower <= truth && truth <= estimate.upper { covered += 1 }
                #expect(estimate.lower <= estimate.rul && estimate.rul <= estimate.upper)
            }
        }
        let coverage = Double(covered) / Double(max(judged, 1))
        print("trend: onset seen after a median \(Int((delays.sorted()[delays.count / 2] * 100).rounded())) % of the degradation; "
            + "last fifth of life: mean |error| \(lateErrors.reduce(0, +) / Double(max(lateErrors.count, 1))) steps, "
            + "5–95 % interval holds the truth in \(Int((coverage * 100).rounded())) %")
        #expect(coverage >= 0.6, "coverage \(coverage)")
    }

    @Test func aHealthyMachineGetsNoEstimate() {
        var fleet = RunToFailureFleet(count: 1, lives: 400...400, step: 1, seed: 5).runs[0]
        fleet.times = Array(fleet.times.prefix(90))
        fleet.rows = Array(fleet.rows.prefix(90))
        #expect(Self.replay(fleet).estimates.isEmpty)
    }

    @Test func aFailureLevelAtTheHealthyLevelIsRefused() {
        let baseline = Baseline(mean: 1.8, standardDeviation: 0.08)
        #expect(TrendPrognoser(asset: "m", channel: "v", settings: .init(failureLevel: 1.85, horizon: 100), baseline: baseline) == nil)
        let falling = TrendPrognoser(asset: "m", channel: "flow", settings: .init(failureLevel: 1.0, horizon: 100), baseline: baseline)
        #expect(falling?.direction == -1)
    }
}
