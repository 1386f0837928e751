import PlantSimulator
import Prognostics

/// Synthetic run-to-failure fleets with known failure times, as training and test data.
enum SyntheticFleet {
    static func histories(count: Int, seed: UInt64, lives: ClosedRange<Double> = 100...200) -> [RunHistory] {
        RunToFailureFleet(count: count, lives: lives, step: 1, seed: seed).runs.map { run in
            RunHistory(asset: run.asset, times: run.times, rows: run.rows.map { $0.map(Optional.some) })
        }
    }

    /// RMSE of the median and share of intervals holding the truth, over every estimate of `runs`.
    static func score(_ model: PrognosticModel, on runs: [RunHistory],
                      from fraction: Double = 0) -> (rmse: Double, coverage: Double, count: Int) {
        var squared = 0.0, covered = 0, count = 0
        for run in runs {
            guard let end = run.end, let first = run.times.first else { continue }
            CrossValidation.replay(run, channels: RunToFailureFleet.channels, model: model) { estimate in
                guard (estimate.time - first) / (end - first) >= fraction else { return }
                let truth = min(end - estimate.time, model.horizon)
                squared += (estimate.rul - truth) * (estimate.rul - truth)
                if estimate.lower - 1e-9 <= truth && truth <= estimate.upper + 1e-9 { covered += 1 }
                count += 1
            }
        }
        return ((squared / Double(max(count, 1))).squareRoot(), Double(covered) / Double(max(count, 1)), count)
    }

    /// Streams `rows` (time, one value per fleet channel) through `prognoser`; the estimates made.
    static func feed(_ prognoser: inout AssetPrognoser, _ rows: some Collection<(Double, [Double?])>) -> [RULEstimate] {
        var estimates: [RULEstimate] = []
        for (time, row) in rows {
            for (channel, value) in zip(RunToFailureFleet.channels, row) {
                if case .accepted(let estimate?) = prognoser.observe(channel: channel, time: time, value: value ?? .nan) {
                    estimates.append(estimate)
                }
            }
        }
        return estimates
    }
}
