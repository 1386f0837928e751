import NameMatching
import Signals

/// A fitted prognostic model, as stored in a JSON file under `models/`: everything needed to turn
/// channel readings into health-indicator values and remaining-useful-life estimates, with no other
/// configuration.
package struct PrognosticModel: Sendable, Hashable, Codable {
    /// How remaining life is estimated from the health indicator.
    package enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        case similarity, exponential, linear, network
    }

    /// The quantiles that bound the reported interval.
    package struct Interval: Sendable, Hashable, Codable {
        package var lower: Double
        package var upper: Double

        package init(lower: Double = 0.05, upper: Double = 0.95) {
            self.lower = lower
            self.upper = upper
        }
    }

    /// The file format this code reads and writes.
    package static let currentFormat = 1

    /// Version of the file format.
    package var format: Int
    /// Name of the model; with `version`, it is reported with every estimate.
    package var name: String
    /// Incremented by each retrain that replaces the model.
    package var version: Int
    /// When the model was fitted (ISO 8601), and from what.
    package var fittedAt: String
    package var description: String
    /// Glob patterns (`*`, `?`) of the asset names the model applies to.
    package var assets: [String]
    /// Unit of the time axis (RUL is reported in it): `s`, `cycles`, `h`, ….
    package var timeUnit: String
    /// Readings are averaged over steps of this length before the health indicator is computed.
    package var timeStep: Double
    /// Remaining lives are capped here: beyond it, data cannot tell lives apart.
    package var horizon: Double
    package var interval: Interval
    package var healthIndicator: HealthIndicator
    package var threshold: Threshold
    /// The method estimates are made with; the others, if present, are kept for comparison.
    package var method: Method
    package var similarity: SimilarityModel?
    package var exponential: DegradationModel?
    package var linear: DegradationModel?
    package var network: NetworkModel?
    /// Healthy baseline (mean, standard deviation) of each channel that varies, for the anomaly
    /// detectors of the streaming features.
    package var baselines: [String: Baseline]?
    /// Quality figures from the fit, for people to read.
    package var quality: ModelQuality?

    package init(name: String, version: Int, fittedAt: String, description: String, assets: [String] = ["*"],
                timeUnit: String, timeStep: Double, horizon: Double, interval: Interval = Interval(),
                healthIndicator: HealthIndicator, threshold: Threshold, method: Method,
                similarity: SimilarityModel? = nil, exponential: DegradationModel? = nil,
                linear: DegradationModel? = nil, network: NetworkModel? = nil, baselines: [String: Baseline]? = nil, quality: ModelQuality? = nil) {
        self.baselines = baselines
        self.format = Self.currentFormat
        self.name = name
        self.version = version
        self.fittedAt = fittedAt
        self.description = description
        self.assets = assets
        self.timeUnit = timeUnit
        self.timeStep = timeStep
        self.horizon = horizon
        self.interval = interval
        self.healthIndicator = healthIndicator
        self.threshold = threshold
        self.method = method
        self.similarity = similarity
        self.exponential = exponential
        self.linear = linear
        self.network = network
        self.quality = quality
    }

    /// Whether the model applies to `asset`.
    package func applies(to asset: String) -> Bool {
        assets.contains { Glob.matches($0, asset) }
    }

    /// The degradation model of a parametric method.
    func degradation(_ method: Method) -> DegradationModel? {
        switch method {
        case .similarity, .network: nil
        case .exponential: exponential
        case .linear: linear
        }
    }
}
