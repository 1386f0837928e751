/// Settings of `pdm retrain`.
package struct TrainingOptions: Sendable, Hashable {
    package var name: String
    package var version: Int
    package var fittedAt: String
    package var description: String
    package var assets: [String]
    package var timeUnit: String
    /// RUL cap; nil derives it as 60 % of the median life of the training assets.
    package var horizon: Double?
    /// Method to use; nil picks the one with the lowest cross-validated RMSE.
    package var method: PrognosticModel.Method?
    package var interval: PrognosticModel.Interval
    package var similarityWindow: Int
    package var neighbours: Int
    /// Effective observations an asset's Bayesian line fit keeps.
    package var memory: Double
    /// Channels whose |correlation| with degradation is below this are left out of the HI.
    package var minimumCorrelation: Double
    package var folds: Int
    package var seed: UInt64
    /// How the network method is trained (its seed follows ``seed``).
    package var network = NetworkModel.Training()

    package init(name: String = "model", version: Int = 1, fittedAt: String = "", description: String = "",
                assets: [String] = ["*"], timeUnit: String = "s", horizon: Double? = nil,
                method: PrognosticModel.Method? = nil, interval: PrognosticModel.Interval = .init(),
                similarityWindow: Int = 60, neighbours: Int = 10, memory: Double = 50,
                minimumCorrelation: Double = 0.2, folds: Int = 5, seed: UInt64 = 1) {
        self.name = name
        self.version = version
        self.fittedAt = fittedAt
        self.description = description
        self.assets = assets
        self.timeUnit = timeUnit
        self.horizon = horizon
        self.method = method
        self.interval = interval
        self.similarityWindow = similarityWindow
        self.neighbours = neighbours
        self.memory = memory
        self.minimumCorrelation = minimumCorrelation
        self.folds = folds
        self.seed = seed
    }
}
