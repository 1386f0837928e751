/// Quality figures of a fitted model, written into the model file and printed by `pdm retrain`.
package struct ModelQuality: Sendable, Hashable, Codable {
    /// Health-indicator figures (Coble and Hines), each 0…1, higher is better.
    package var monotonicity: Double
    package var prognosability: Double
    package var trendability: Double
    /// Channels left out of the health indicator, with the reason.
    package var droppedChannels: [String: String]
    /// Number of run-to-failure assets the model was fitted on.
    package var trainingAssets: Int
    /// Cross-validated accuracy per method, if it was measured.
    package var crossValidation: [String: CrossValidationScore]

    package init(monotonicity: Double, prognosability: Double, trendability: Double,
                droppedChannels: [String: String], trainingAssets: Int,
                crossValidation: [String: CrossValidationScore] = [:]) {
        self.monotonicity = monotonicity
        self.prognosability = prognosability
        self.trendability = trendability
        self.droppedChannels = droppedChannels
        self.trainingAssets = trainingAssets
        self.crossValidation = crossValidation
    }
}

/// Accuracy of one method over held-out assets.
package struct CrossValidationScore: Sendable, Hashable, Codable {
    /// Root mean square error of the median RUL against the true RUL capped at the horizon.
    package var rmse: Double
    /// Mean absolute error, same basis.
    package var mae: Double
    /// Mean PHM08 score per estimate, on errors counted in time steps (late estimates cost more
    /// than early ones).
    package var phmScore: Double
    /// Share of estimates whose interval holds the true (capped) RUL.
    package var coverage: Double
    /// Mean width of the interval.
    package var meanWidth: Double
    package var estimates: Int
    package var folds: Int
    /// Held-out histories cut at random points and judged at their last reading, as test sets are.
    package var truncated: TruncatedScore?

    package init(rmse: Double, mae: Double, phmScore: Double, coverage: Double, meanWidth: Double,
                estimates: Int, folds: Int) {
        self.rmse = rmse
        self.mae = mae
        self.phmScore = phmScore
        self.coverage = coverage
        self.meanWidth = meanWidth
        self.estimates = estimates
        self.folds = folds
    }
}

/// Cross-validated accuracy on held-out histories cut at random points, each judged only at its
/// last reading (true RUL capped at the horizon): the protocol of public test sets such as
/// C-MAPSS's.
package struct TruncatedScore: Sendable, Hashable, Codable {
    package var rmse: Double
    /// PHM08 score summed over 100 cut histories (the size of a C-MAPSS test set).
    package var phmPerHundred: Double
    /// Mean of estimate − truth (negative: failure called too early).
    package var bias: Double
    package var estimates: Int
    /// Cut points per held-out history.
    package var cuts: Int
    /// Bias after short histories (at most half the horizon seen) and long ones (1.6 horizons or more).
    package var shortBias: Double?
    package var longBias: Double?

    package init(rmse: Double, phmPerHundred: Double, bias: Double, estimates: Int, cuts: Int, shortBias: Double?,
                longBias: Double?) {
        self.rmse = rmse
        self.phmPerHundred = phmPerHundred
        self.bias = bias
        self.estimates = estimates
        self.cuts = cuts
        self.shortBias = shortBias
        self.longBias = longBias
    }
}
