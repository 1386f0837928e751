import Foundation
import Prognostics

/// The fitted models in use: read from a directory of JSON files, each validated before use.
/// The first model (by file name) whose `assets` patterns match an asset is the asset's model.
package struct ModelLibrary: Sendable {
    /// A model and the file it came from.
    package struct Entry: Sendable {
        package var path: String
        package var model: PrognosticModel

        package init(path: String, model: PrognosticModel) {
            self.path = path
            self.model = model
        }
    }

    package private(set) var entries: [Entry]

    package init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// The model for `asset`, if any applies.
    package func model(for asset: String) -> PrognosticModel? {
        entries.first { $0.model.applies(to: asset) }?.model
    }

    /// Every `*.json` file of `directory`. A missing directory is an empty library; an invalid
    /// file fails the whole load, so a half-written model never replaces a good one.
    package static func load(directory: String) throws(ModelFileError) -> ModelLibrary {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
                return ModelLibrary()
            }
            throw ModelFileError(path: directory, "cannot list the model directory: \(error.localizedDescription)")
        }
        var entries: [Entry] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let path = (directory as NSString).appendingPathComponent(name)
            entries.append(Entry(path: path, model: try read(path: path)))
        }
        return ModelLibrary(entries: entries)
    }

    /// Reads and validates one model file.
    package static func read(path: String) throws(ModelFileError) -> PrognosticModel {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ModelFileError(path: path, "cannot read: \(error.localizedDescription)")
        }
        return try decode(data, path: path)
    }

    /// Decodes and validates model JSON; `path` names it in errors.
    package static func decode(_ data: Data, path: String) throws(ModelFileError) -> PrognosticModel {
        let model: PrognosticModel
        do {
            model = try JSONDecoder().decode(PrognosticModel.self, from: data)
        } catch let error as DecodingError {
            throw describe(error, path: path)
        } catch {
            throw ModelFileError(path: path, "\(error)")
        }
        try validate(model, path: path)
        return model
    }

    /// Writes `model` as pretty-printed JSON, atomically (a reader never sees half a file).
    package static func write(_ model: PrognosticModel, to path: String) throws(ModelFileError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try encoder.encode(model).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ModelFileError(path: path, "cannot write: \(error.localizedDescription)")
        }
    }

    static func validate(_ model: PrognosticModel, path: String) throws(ModelFileError) {
        func fail(_ field: String, _ message: String) -> ModelFileError {
            ModelFileError(path: path, field: field, message)
        }
        guard model.format == PrognosticModel.currentFormat else {
            throw fail("format", "format \(model.format) is not supported (this pdm reads format \(PrognosticModel.currentFormat))")
        }
        guard model.timeStep > 0, model.timeStep.isFinite else { throw fail("timeStep", "must be a positive number") }
        guard model.horizon > 0, model.horizon.isFinite else { throw fail("horizon", "must be a positive number") }
        guard 0 < model.interval.lower, model.interval.lower < model.interval.upper, model.interval.upper < 1 else {
            throw fail("interval", "needs 0 < lower < upper < 1")
        }
        guard !model.healthIndicator.channels.isEmpty else {
            throw fail("healthIndicator.channels", "at least one channel is needed")
        }
        var names = Set<String>()
        for (index, channel) in model.healthIndicator.channels.enumerated() {
            let field = "healthIndicator.channels[\(index)]"
            guard names.insert(channel.name).inserted else { throw fail(field + ".name", "channel \(channel.name) appears twice") }
            guard channel.scale.isFinite, channel.scale != 0 else { throw fail(field + ".scale", "must be a non-zero number") }
            guard channel.low <= channel.high else { throw fail(field, "low must not exceed high") }
        }
        guard model.threshold.spread >= 0 else { throw fail("threshold.spread", "must not be negative") }
        switch model.method {
        case .similarity:
            guard let similarity = model.similarity else { throw fail("similarity", "method is similarity but the section is missing") }
            guard similarity.window > 0, similarity.neighbours > 0 else {
                throw fail("similarity", "window and neighbours must be positive")
            }
            guard !similarity.trajectories.isEmpty else { throw fail("similarity.trajectories", "no training trajectory") }
        case .network:
            guard let network = model.network else { throw fail("network", "method is network but the section is missing") }
            guard network.isConsistent(channels: model.healthIndicator.channels.count) else {
                throw fail("network", "layers, windows or residual bands do not fit the health indicator's \(model.healthIndicator.channels.count) channels")
            }
        case .exponential, .linear:
            let field = model.method.rawValue
            guard let degradation = model.method == .linear ? model.linear : model.exponential else {
                throw fail(field, "method is \(field) but the section is missing")
            }
            let prior = degradation.prior
            guard prior.interceptVariance > 0, prior.slopeVariance > 0, prior.noiseVariance > 0,
                  prior.covariance * prior.covariance < prior.interceptVariance * prior.slopeVariance else {
                throw fail(field + ".prior", "variances must be positive and the covariance within them")
            }
        }
    }

    private static func describe(_ error: DecodingError, path: String) -> ModelFileError {
        func field(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text
        }
        switch error {
        case .typeMismatch(let type, let context):
            return ModelFileError(path: path, field: field(context.codingPath), "expected \(type)")
        case .valueNotFound(let type, let context):
            return ModelFileError(path: path, field: field(context.codingPath), "expected \(type), found null")
        case .keyNotFound(let key, let context):
            return ModelFileError(path: path, field: field(context.codingPath + [key]), "is missing")
        case .dataCorrupted(let context):
            guard context.codingPath.isEmpty else {
                return ModelFileError(path: path, field: field(context.codingPath), context.debugDescription)
            }
            let underlying = (context.underlyingError as NSError?)?.localizedDescription
            return ModelFileError(path: path, "not valid JSON" + (underlying.map { ": \($0)" } ?? ""))
        @unknown default:
            return ModelFileError(path: path, "\(error)")
        }
    }
}
