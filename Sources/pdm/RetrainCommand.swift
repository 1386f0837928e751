import AlarmStore
import ArgumentParser
import Foundation
import PDMConfig
import PDMRuntime
import Prognostics

/// `pdm retrain`: fit models from recorded run-to-failure histories.
struct RetrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrain",
        abstract: "Fit health-indicator and remaining-useful-life models from run-to-failure histories.",
        discussion: """
            Each history CSV has a header `asset,time,<channel>,...` and rows of one asset in time \
            order; the last row of each asset is its failure. `time` is a number (seconds, cycles, ...) \
            or ISO 8601; remaining life is reported in the unit of `time`.

            Writes DIR/<name>.json (its version one above the file it replaces) and prints a report: \
            dropped channels, health-indicator quality, and each method's cross-validated accuracy over \
            held-out whole assets. The method with the lowest RMSE is used unless --method says otherwise.

            Examples:
              pdm retrain --history history.csv --out models
              pdm retrain --history train_FD001.csv --time-unit cycles --horizon 125 --name turbofan --out models
            """
    )

    @Option(name: .customLong("history"), help: "History CSV file (repeat for several).")
    var histories: [String] = []

    @Option(help: "Alarm database whose feature history to train on (repeatable); the last bucket of each asset counts as its failure.")
    var store: [String] = []

    @Option(help: "With --store: glob of the assets to take (for example the ones that ran to failure).")
    var storeAssets: String = "*"

    @Option(help: "Configuration file (its prognostics.interval applies).")
    var config: String?

    @Option(help: "Directory to write the model file to.")
    var out: String

    @Option(help: "Model name; the file is <out>/<name>.json.")
    var name: String = "model"

    @Option(help: "Unit of the time column, reported with every estimate (default: s for ISO 8601 times, else units).")
    var timeUnit: String?

    @Option(help: "RUL cap in time units (default: 60 % of the median life).")
    var horizon: Double?

    @Option(help: "similarity, exponential, linear or network (default: lowest cross-validated RMSE).")
    var method: PrognosticModel.Method?

    @Option(help: "Glob patterns of the assets the model applies to, comma-separated.")
    var assets: String = "*"

    @Option(help: "Cross-validation folds over whole assets (0 skips cross-validation).")
    var folds: Int = 5

    @Option(help: "Recent steps the similarity method compares.")
    var window: Int = 60

    @Option(help: "Closest training trajectories the similarity method keeps.")
    var neighbours: Int = 10

    @Option(help: "Seed of the fold assignment, the random cuts and the network's training: another seed shows how much the figures depend on them.")
    var seed: UInt64 = 1

    func run() async throws {
        guard !histories.isEmpty || !store.isEmpty else {
            throw ValidationError("give at least one --history FILE.csv or --store pdm.sqlite")
        }
        guard folds == 0 || folds >= 2 else { throw ValidationError("--folds must be 0 or at least 2") }
        guard window > 0, neighbours > 0 else { throw ValidationError("--window and --neighbours must be positive") }
        var interval = PrognosticModel.Interval()
        if let config {
            do {
                let configuration = try PDMConfiguration.load(path: config, unsetVariables: .leaveEmpty)
                if let configured = configuration.prognostics.interval {
                    interval = .init(lower: configured.lower, upper: configured.upper)
                }
            } catch {
                printError("\(error)")
                throw ExitCode(2)
            }
        }
        var table: HistoryTable?
        do {
            for path in histories {
                let next = try HistoryTable.read(path: path)
                if table == nil { table = next } else { try table?.append(next, file: path) }
            }
            for path in store {
                let next = HistoryTable(features: try AlarmDatabase(path: path).features(asset: storeAssets))
                guard !next.runs.isEmpty else {
                    printError("\(path): the feature history holds no asset matching \(storeAssets)")
                    throw ExitCode(2)
                }
                if table == nil { table = next } else { try table?.append(next, file: path) }
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        guard var table else { throw ExitCode(2) }
        var stopped: [String] = []
        for (index, run) in table.runs.enumerated() {
            let trimmed = run.trimmingStoppedTail()
            guard trimmed.dropped > 0 else { continue }
            table.runs[index] = trimmed.run
            stopped.append("asset \(run.asset): left out \(trimmed.dropped) trailing rows where the machine had stopped "
                + "(most channels at or below \(Int(RunHistory.stoppedShare * 100)) % of their running level); "
                + "failure taken at time \(RetrainReport.number(trimmed.run.end ?? 0))")
        }
        let path = (out as NSString).appendingPathComponent("\(name).json")
        let previous = try? ModelLibrary.read(path: path)
        let options = TrainingOptions(
            name: name, version: (previous?.version ?? 0) + 1,
            fittedAt: Date().formatted(.iso8601),
            description: "Fitted by pdm retrain on \(table.runs.count) run-to-failure histories from "
                + (histories + store).map { ($0 as NSString).lastPathComponent }.joined(separator: ", "),
            assets: assets.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
            timeUnit: timeUnit ?? (table.datedTime ? "s" : "units"), horizon: horizon, method: method,
            interval: interval, similarityWindow: window, neighbours: neighbours, folds: max(folds, 2),
            seed: seed)
        let trainer = ModelTrainer(channels: table.channels, options: options)
        let rows = table.runs.reduce(0) { $0 + $1.times.count }
        print("pdm retrain: \(table.runs.count) assets, \(rows) rows, \(table.channels.count) channels from "
            + (histories + store).joined(separator: ", "))
        for line in stopped { print(line) }
        do {
            var model = try trainer.fit(table.runs)
            var scores: [PrognosticModel.Method: CrossValidationScore] = [:]
            var requested: Int?
            if folds > 0 {
                let validation = try CrossValidation(trainer: trainer, histories: table.runs)
                requested = validation.requestedFolds
                scores = try await Self.crossValidate(validation)
            }
            if method == nil, let best = scores.min(by: { $0.value.rmse < $1.value.rmse })?.key {
                model.method = best
            }
            model.quality?.crossValidation = Dictionary(uniqueKeysWithValues: scores.map { ($0.key.rawValue, $0.value) })
            for line in RetrainReport(model: model, scores: scores, chosenByScore: method == nil, requestedFolds: requested).lines {
                print(line)
            }
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try ModelLibrary.write(model, to: path)
            print("wrote \(path) (\(model.name) version \(model.version), method \(model.method.rawValue))")
        } catch let error as TrainingError {
            printError("pdm retrain: \(error)")
            throw ExitCode(1)
        } catch let error as ModelFileError {
            printError("\(error)")
            throw ExitCode(1)
        }
    }

    /// Folds run concurrently: each is an independent fit and replay.
    static func crossValidate(_ validation: CrossValidation) async throws -> [PrognosticModel.Method: CrossValidationScore] {
        try await withThrowingTaskGroup(of: [PrognosticModel.Method: FoldTallies].self) { group in
            for fold in 0..<validation.foldCount {
                group.addTask { try validation.evaluate(fold: fold) }
            }
            var folds: [[PrognosticModel.Method: FoldTallies]] = []
            for try await tallies in group { folds.append(tallies) }
            return validation.combine(folds)
        }
    }
}

extension PrognosticModel.Method: ExpressibleByArgument {}
