import Foundation
import Signals

extension AssetPrognoser {
    /// What a prognoser has learned about its asset (the open step, recent health indicators, the
    /// fitted line and its origin), so that a restart of the service carries on where it stopped
    /// instead of fitting again from an already degraded state.
    package struct Snapshot: Sendable, Codable {
        /// The model it was made under: a snapshot only applies to the same name and version.
        package var model: String
        package var modelVersion: Int
        var aggregator: StepAggregator
        var recent: [Double]
        /// Standardised channel values of the recent steps (network method; absent before it).
        var recentSteps: [[Double]]?
        var fit: BayesianLineFit?
        var onsetAge: Double?
        var peak: Double
        var generator: SplitMix64

        /// The snapshot as bytes for storage (JSON; infinities spelled out).
        package func encoded() throws -> [UInt8] {
            let encoder = JSONEncoder()
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf",
                                                                          nan: "nan")
            return Array(try encoder.encode(self))
        }

        /// A snapshot from ``encoded()`` bytes.
        package static func decode(_ bytes: [UInt8]) throws -> Snapshot {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf",
                                                                            nan: "nan")
            return try decoder.decode(Snapshot.self, from: Data(bytes))
        }
    }

    /// The prognoser's state now; ``changedSinceSnapshot`` and ``stepClosedSinceSnapshot`` are
    /// false afterwards.
    package mutating func takeSnapshot() -> Snapshot {
        changedSinceSnapshot = false
        stepClosedSinceSnapshot = false
        return Snapshot(model: model.name, modelVersion: model.version, aggregator: aggregator, recent: recent,
                        recentSteps: recentSteps.isEmpty ? nil : recentSteps, fit: fit,
                        onsetAge: onsetAge, peak: peak, generator: generator)
    }

    /// A prognoser that carries on from `snapshot` when it was made under the same model (name,
    /// version and channels); otherwise a fresh one.
    package init(asset: String, model: PrognosticModel, restoring snapshot: Snapshot?) {
        self.init(asset: asset, shared: PrognosticModel.Shared(model), restoring: snapshot)
    }

    /// A prognoser under a model shared with other assets that carries on from `snapshot` (see
    /// ``init(asset:model:restoring:)``).
    package init(asset: String, shared: PrognosticModel.Shared, restoring snapshot: Snapshot?) {
        self.init(asset: asset, shared: shared)
        let model = shared.model
        guard let snapshot, snapshot.model == model.name, snapshot.modelVersion == model.version,
              snapshot.aggregator.isConsistent, snapshot.aggregator.channels == model.healthIndicator.channels.count,
              snapshot.aggregator.step == model.timeStep,
              (snapshot.fit == nil) == (fit == nil)
        else { return }
        aggregator = snapshot.aggregator
        recent = Array(snapshot.recent.suffix(recentCapacity))
        if let network = model.network, let steps = snapshot.recentSteps {
            let width = model.healthIndicator.channels.count
            recentSteps = Array(steps.filter { $0.count == width && $0.allSatisfy(\.isFinite) }.suffix(network.memory))
        }
        fit = snapshot.fit
        onsetAge = snapshot.onsetAge
        peak = snapshot.peak
        generator = snapshot.generator
    }
}
