import ArgumentParser

/// `pdm`: alarm and predictive-maintenance service.
@main
struct PDMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pdm",
        abstract: "Alarms and remaining-useful-life estimates from plant sensor streams over MQTT.",
        discussion: """
            Examples:
              pdm run --config alarms.yaml
              pdm check alarms.yaml
              pdm retrain --history history.csv --out models
              pdm replay recorded.csv --models models
              pdm simulate --config alarms.yaml
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, CheckCommand.self, AlarmsCommand.self, RetrainCommand.self, ReplayCommand.self, SimulateCommand.self]
    )
}
