import Logging
import Metrics
import PDMConfig
import ServiceLifecycle

/// Looks at the model directory every `prognostics.reload` seconds; a changed set of files is read
/// and, when every file is valid, put into use at once. An invalid file keeps the models in use,
/// and the log says why.
package final class ModelWatcher: Service, Sendable {
    private let directory: String
    private let interval: Double
    private let pipeline: SharedPipeline
    private let logger: Logger

    init(settings: PrognosticsSettings, pipeline: SharedPipeline, logger: Logger) {
        self.directory = settings.modelDirectory
        self.interval = settings.reloadInterval
        self.pipeline = pipeline
        self.logger = logger
    }

    package func run() async {
        guard interval > 0 else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown { [self] in
            var signature = ModelDirectorySignature(directory: directory)
            while (try? await Task.sleep(for: .seconds(interval))) != nil {
                let current = ModelDirectorySignature(directory: directory)
                guard current != signature else { continue }
                signature = current
                reload()
            }
        }
    }

    private func reload() {
        do {
            let library = try ModelLibrary.load(directory: directory)
            pipeline.state.withLock { $0.replaceModels(library) }
            Counter(label: "pdm_model_reloads_total").increment()
            logger.notice("models reloaded", metadata: [
                "directory": "\(directory)",
                "models": "\(library.entries.map { "\($0.model.name) v\($0.model.version)" }.joined(separator: ", "))",
            ])
        } catch {
            Counter(label: "pdm_model_reload_failures_total").increment()
            logger.error("model files changed but cannot be used; keeping the models in use", metadata: ["error": "\(error)"])
        }
    }
}
