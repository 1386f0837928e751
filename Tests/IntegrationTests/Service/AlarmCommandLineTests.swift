import AlarmEngine
import AlarmStore
import Foundation
import TestSupport
import Testing

/// `pdm alarms` as people on shift run it, without a running service: what the commands need from
/// the environment, who they journal, and what they say when there is nothing to do.
@Suite("pdm alarms on a machine set up for reading",
       .enabled(if: Executables.pdm != nil, "needs the built pdm executable"))
struct AlarmCommandLineTests {
    let directory: String
    let config: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-cli-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        config = directory + "/alarms.yaml"
        // A broker password and a webhook secret from the environment, as the README recommends.
        try """
            broker: {host: 127.0.0.1, port: 1883, username: pdm, password: "${PDM_TEST_BROKER_PASSWORD}"}
            subscriptions:
              - {topic: "plant/{asset}/{channel}"}
            storage: {database: state.sqlite}
            receivers:
              cmms: {kind: webhook, url: "http://127.0.0.1:9/hook", secret: "${PDM_TEST_CMMS_SECRET}"}
            escalation:
              plant: {levels: [{after: 0, notify: [cmms]}]}
            rules:
              - {name: bearing-hot, channel: temp, above: 90, deadband: 5, priority: high, escalation: plant}
            """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    /// The environment of a service account: no USER, no secrets.
    static var bareEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["USER", "LOGNAME", "PDM_USER", "PDM_TOKEN", "PDM_TEST_BROKER_PASSWORD", "PDM_TEST_CMMS_SECRET"] {
            environment[name] = nil
        }
        return environment
    }

    func pdm(_ arguments: [String], environment: [String: String] = Self.bareEnvironment) async throws -> (status: Int32, output: String) {
        let executable = try #require(Executables.pdm)
        return try await CommandLineTool(executable, arguments, environment: environment).finish(timeout: .seconds(30))
    }

    @Test func readingCommandsNeedNoSecretsAndActionsNameTheirUser() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // `pdm check` and `pdm run` need the secrets; reading does not.
        let check = try await pdm(["check", config])
        #expect(check.status == 1)
        #expect(check.output.contains("environment variable PDM_TEST_BROKER_PASSWORD is not set"), "\(check.output)")
        #expect(check.output.contains("environment variable PDM_TEST_CMMS_SECRET is not set"), "\(check.output)")
        for arguments in [["list"], ["kpi", "--hours", "1"], ["notifications"], ["notifications", "--dead"]] {
            let result = try await pdm(["alarms"] + arguments + ["--config", config])
            #expect(result.status == 0, "\(arguments): \(result.output)")
            #expect(!result.output.contains("not set"), "\(arguments): \(result.output)")
        }
        let none = try await pdm(["alarms", "show", "pump-1/bearing-hot", "--config", config])
        #expect(none.status == 1 && none.output.contains("pump-1/bearing-hot"), "\(none.output)")

        // Nothing to redeliver is not a failure when everything was asked for.
        let redeliver = try await pdm(["alarms", "redeliver", "--all", "--config", config])
        #expect(redeliver.status == 0 && redeliver.output.contains("no dead letters: nothing to redeliver"), "\(redeliver.output)")
        let unknown = try await pdm(["alarms", "redeliver", "17", "--config", config])
        #expect(unknown.status == 1 && unknown.output.contains("none of 17 is a dead letter"), "\(unknown.output)")

        // Every subcommand's help shows how it is used.
        for command in ["list", "show", "ack", "shelve", "unshelve", "reset", "comment", "kpi", "notifications", "redeliver",
                        "confirm"] {
            let help = try await pdm(["alarms", command, "--help"])
            #expect(help.status == 0 && help.output.contains("Example") && help.output.contains("pdm alarms \(command)"),
                    "\(command): \(help.output)")
        }
    }

    /// Without USER the actor is `--user`, then PDM_USER, then the login name of the account.
    @Test func theActorComesFromTheOptionTheVariableOrTheLogin() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try AlarmDatabase(path: directory + "/state.sqlite")
        var alarm = Alarm(key: AlarmKey(asset: "pump-1", rule: "bearing-hot"), priority: .high, area: "plant",
                          message: "temp above 90", now: Date().timeIntervalSince1970 - 60)
        alarm.occurrence = 1
        alarm.conditionActive = true
        alarm.acknowledged = false
        try database.apply([.save(alarm)])
        let login = try #require(getpwuid(geteuid())?.pointee.pw_name.map { String(cString: $0) })

        var environment = Self.bareEnvironment
        let ack = try await pdm(["alarms", "ack", "pump-1/bearing-hot", "--config", config], environment: environment)
        #expect(ack.status == 0, "\(ack.output)")
        environment["PDM_USER"] = "ops-night"
        let comment = try await pdm(["alarms", "comment", "pump-1/bearing-hot", "oil sample taken", "--config", config],
                                    environment: environment)
        #expect(comment.status == 0, "\(comment.output)")
        let explicit = try await pdm(["alarms", "comment", "pump-1/bearing-hot", "bearing ordered", "--user", "ann",
                                      "--config", config], environment: environment)
        #expect(explicit.status == 0, "\(explicit.output)")
        let shown = try await pdm(["alarms", "show", "pump-1/bearing-hot", "--config", config])
        #expect(shown.output.contains("acknowledged  by \(login)"), "\(shown.output)")
        #expect(shown.output.contains("comment  by ops-night"), "\(shown.output)")
        #expect(shown.output.contains("comment  by ann"), "\(shown.output)")
    }
}
