import Foundation
import Logging
import Metrics
import Notifiers
import PDMConfig
import ServiceLifecycle
import UnixSignals

/// Reloads the configuration file on SIGHUP and when it changes (looked at every 2 s): rules,
/// assets and receivers take effect at once. An invalid file keeps the running configuration, and
/// the log says why. Broker, topic, subscription and storage changes wait for the next start.
package final class ConfigurationWatcher: Service, Sendable {
    private let path: String?
    private let running: PDMConfiguration
    private let pipeline: SharedPipeline
    private let dispatcher: OutboxDispatcher
    private let logger: Logger

    /// - Parameter path: the file; nil turns reloading off.
    init(path: String?, running: PDMConfiguration, pipeline: SharedPipeline, dispatcher: OutboxDispatcher, logger: Logger) {
        self.path = path
        self.running = running
        self.pipeline = pipeline
        self.dispatcher = dispatcher
        self.logger = logger
    }

    package func run() async {
        guard let path else {
            try? await gracefulShutdown()
            return
        }
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown { [self] in
            let hangups = Task {
                for await _ in signals { reload(path, cause: "SIGHUP") }
            }
            defer { hangups.cancel() }
            var signature = FileSignature(path: path)
            while (try? await Task.sleep(for: .seconds(2))) != nil {
                let current = FileSignature(path: path)
                guard current != signature else { continue }
                signature = current
                reload(path, cause: "file changed")
            }
        }
    }

    private func reload(_ path: String, cause: String) {
        let next: PDMConfiguration
        do {
            next = try PDMConfiguration.load(path: path)
        } catch {
            Counter(label: "pdm_config_reload_failures_total").increment()
            logger.error("configuration not reloaded: the file is invalid; keeping the running configuration",
                         metadata: ["cause": "\(cause)", "problems": "\(error.issues.map(\.description).joined(separator: "; "))"])
            return
        }
        pipeline.state.withLock { $0.reconfigure(next, now: Date().timeIntervalSince1970) }
        dispatcher.configure(next.receivers)
        Counter(label: "pdm_config_reloads_total").increment()
        if next.broker != running.broker || next.topicPrefix != running.topicPrefix || next.databasePath != running.databasePath
            || next.subscriptions.map(\.template.template) != running.subscriptions.map(\.template.template) {
            logger.warning("broker, topic, subscription and storage changes take effect at the next start")
        }
        logger.notice("configuration reloaded", metadata: ["cause": "\(cause)", "rules": "\(next.rules.count)"])
    }
}
