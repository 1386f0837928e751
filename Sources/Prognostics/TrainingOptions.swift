/// Settings of `pdm retrain`.
public struct TrainingOptions: Sendable, Hashable {
    public var name: String
    public var version: Int
    public var fittedAt: String
    public var description: String
    public var assets: [String]
    public var timeUnit: String
    /// RUL cap; nil derives it as 60 % of the median life of the training assets.
    public var horizon: Double?
    /// Method to use; nil picks the one with the lowest cross-validated RMSE.
    public var method: PrognosticModel.Method?
    public var interval: PrognosticModel.Interval
    public var similarityWindow: Int
    public var neighbours: Int
    /// Effective observations an asset's Bayesian line fit keeps.
    public var memory: Double
    /// Channels whose |correlation| with degradation is below this are left out of the HI.
    public var minimumCorrelation: Double
    public var folds: Int
    public var seed: UInt64
    /// How the network method is trained (its seed follows ``seed``).
    public var network = NetworkModel.Training()

    public init(name: String = "model", version: Int = 1, fittedAt: String = "", description: String = "",
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
