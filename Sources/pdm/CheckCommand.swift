import ArgumentParser
import PDMConfig

/// `pdm check`: validate a configuration file.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a configuration file; report every problem with its line and column.",
        discussion: """
            Exits 0 when the file is valid, 1 when it is not.

            Examples:
              pdm check
              pdm check /etc/pdm/alarms.yaml
            """
    )

    @Argument(help: "Configuration file.")
    var file: String = "alarms.yaml"

    func run() throws {
        do {
            let configuration = try PDMConfiguration.load(path: file)
            print("\(file): valid (\(configuration.subscriptions.count) subscriptions, \(configuration.rules.count) rules, "
                + "\(configuration.receivers.count) receivers, \(configuration.alarms.routes.count) routes)")
            if configuration.subscriptions.isEmpty, configuration.sparkplug == nil {
                print("\(file): no subscriptions: fine for pdm replay; pdm run needs at least one")
            }
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }
}
