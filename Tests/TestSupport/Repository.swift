import Foundation

/// Files of this repository, found from the tests' own path.
package enum Repository {
    package static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The shipped models directory.
    package static var models: String { root.appendingPathComponent("models").path }
}

/// The opening of an alarms.yaml for `pdm run` fed by `pdm simulate` through a test broker:
/// broker, topics under `prefix`, the site/asset/channel subscription, a local database, plant time
/// allowed to run ahead of the clock, the HTTP API on `httpPort` and the shipped models.
package func simulatedPlantConfiguration(brokerPort: Int, prefix: String, httpPort: Int) -> String {
    """
    broker: {host: 127.0.0.1, port: \(brokerPort), client_id: pdm-\(prefix)}
    topics: {prefix: \(prefix)}
    subscriptions:
      - {topic: "\(prefix)/plant/{site}/{asset}/{channel}", qos: 1}
    storage: {database: state.sqlite}
    # The simulated plant's time runs ahead of the clock.
    ingest: {max_future: 3650d}
    http: {port: \(httpPort)}
    prognostics: {models: \(Repository.models), reload: 0}

    """
}
