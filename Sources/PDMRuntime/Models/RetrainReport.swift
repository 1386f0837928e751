import Foundation
import Prognostics

/// The human-readable report `pdm retrain` prints about a fitted model.
package struct RetrainReport: Sendable {
    package let model: PrognosticModel
    package let scores: [PrognosticModel.Method: CrossValidationScore]
    package let chosenByScore: Bool
    /// Folds asked for, when the fleet was too small for them.
    package let requestedFolds: Int?

    package init(model: PrognosticModel, scores: [PrognosticModel.Method: CrossValidationScore], chosenByScore: Bool,
                requestedFolds: Int? = nil) {
        self.model = model
        self.scores = scores
        self.chosenByScore = chosenByScore
        self.requestedFolds = requestedFolds
    }

    package var lines: [String] {
        let unit = model.timeUnit
        var lines: [String] = []
        lines.append("time step \(Self.number(model.timeStep)) \(unit); horizon (RUL cap) \(Self.number(model.horizon)) \(unit)")
        if let quality = model.quality {
            for name in quality.droppedChannels.keys.sorted() {
                lines.append("dropped channel \(name): \(quality.droppedChannels[name] ?? "")")
            }
        }
        let channels = model.healthIndicator.channels
        lines.append("health indicator: \(channels.count) channels ("
            + channels.map { "\($0.name) \(Self.fixed($0.weight, 3))" }.joined(separator: ", ") + ")")
        if let quality = model.quality {
            lines.append("health indicator quality (smoothed over \(HealthIndicatorQuality.smoothing) steps): "
                + "monotonicity \(Self.fixed(quality.monotonicity, 3)), prognosability \(Self.fixed(quality.prognosability, 3)), "
                + "trendability \(Self.fixed(quality.trendability, 3))")
        }
        lines.append("failure threshold: HI \(Self.fixed(model.threshold.value, 3)) ± \(Self.fixed(model.threshold.spread, 3))")
        if let score = scores.values.first {
            let percent = "\(Int((model.interval.lower * 100).rounded()))–\(Int((model.interval.upper * 100).rounded())) %"
            var folds = "\(score.folds) folds"
            if let requestedFolds, requestedFolds != score.folds {
                folds += " (\(requestedFolds) asked; each fold leaves at least \(ModelTrainer.minimumAssets) assets to fit on)"
            }
            lines.append("cross-validation: \(folds) over whole assets, \(score.estimates) estimates per method, "
                + "true RUL capped at \(Self.number(model.horizon)) \(unit)")
            var table = [["method", "RMSE", "MAE", "PHM08/estimate", "coverage(\(percent))", "mean width"]]
            for method in PrognosticModel.Method.allCases {
                guard let score = scores[method] else { continue }
                table.append([method.rawValue, Self.fixed(score.rmse, 2), Self.fixed(score.mae, 2),
                              Self.fixed(score.phmScore, 3), Self.fixed(score.coverage * 100, 1) + " %",
                              Self.fixed(score.meanWidth, 1)])
            }
            lines += Self.aligned(table)
            if let truncated = score.truncated {
                lines.append("truncated: held-out assets cut at \(truncated.cuts) random points each (\(truncated.estimates) cuts), "
                    + "judged at their last reading, true RUL capped at \(Self.number(model.horizon)) \(unit)")
                var rows = [["method", "RMSE", "PHM08/100 assets", "bias", "bias short", "bias long"]]
                for method in PrognosticModel.Method.allCases {
                    guard let cut = scores[method]?.truncated else { continue }
                    rows.append([method.rawValue, Self.fixed(cut.rmse, 2), Self.fixed(cut.phmPerHundred, 1),
                                 Self.fixed(cut.bias, 2), cut.shortBias.map { Self.fixed($0, 2) } ?? "-",
                                 cut.longBias.map { Self.fixed($0, 2) } ?? "-"])
                }
                lines += Self.aligned(rows)
            }
        }
        if let score = scores[model.method] {
            lines.append("method: \(model.method.rawValue) (\(chosenByScore ? "lowest RMSE" : "chosen")); "
                + "cross-validated RUL RMSE \(Self.fixed(score.rmse, 2)) \(unit)")
            if let truncated = score.truncated {
                lines.append("truncated protocol for \(model.method.rawValue): RMSE \(Self.fixed(truncated.rmse, 2)) \(unit), "
                    + "PHM08 \(Self.fixed(truncated.phmPerHundred, 1)) per 100 assets")
            }
        } else {
            lines.append("method: \(model.method.rawValue) (not cross-validated)")
        }
        return lines
    }

    /// Rows as columns: the first left-aligned, the others right-aligned.
    static func aligned(_ table: [[String]]) -> [String] {
        let columns = table.first?.count ?? 0
        let widths = (0..<columns).map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.map { row in
            "  " + row[0].padding(toLength: widths[0], withPad: " ", startingAt: 0)
                + (1..<columns).map { "  " + row[$0].leftPadded(widths[$0]) }.joined()
        }
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    package static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
