import AlarmEngine
import AlarmStore
import ArgumentParser
import Foundation
import Payloads
import PDMConfig

/// `pdm alarms`: look at and act on alarms in the database.
struct AlarmsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alarms",
        abstract: "List, show, acknowledge, shelve, unshelve, reset and comment alarms; notifications and remote actions.",
        discussion: """
            Reads the alarm database named in the configuration (storage.database). Actions go through \
            the alarm engine: while `pdm run` is running they are queued for it and the command waits \
            for its answer; otherwise they are applied to the database directly. Every action is \
            journaled with its user.

            Examples:
              pdm alarms list
              pdm alarms list --state active_unacknowledged --priority high
              pdm alarms show pump-1/vibration-zone-d
              pdm alarms ack pump-1/vibration-zone-d --comment "bearing ordered"
              pdm alarms shelve fan-2/bearing-temperature-high --for 2h --reason "sensor being replaced"
              pdm alarms kpi --hours 168
              pdm alarms notifications --dead
              pdm alarms redeliver --all
              pdm alarms confirm pump-1/vibration-zone-d --user ann
            """,
        subcommands: [List.self, Show.self, Acknowledge.self, Shelve.self, Unshelve.self, Reset.self, Comment.self, KPI.self,
                      Notifications.self, Redeliver.self, Confirm.self]
    )

    struct Common: ParsableArguments {
        @Option(name: .shortAndLong, help: "Configuration file.") var config: String = "alarms.yaml"

        /// The configuration and its database. These commands only read the configuration for the
        /// database, rules and API: unset variables (webhook secrets, broker passwords) are left
        /// empty instead of refused.
        func load() throws -> (PDMConfiguration, AlarmDatabase) {
            let configuration: PDMConfiguration
            do {
                configuration = try PDMConfiguration.load(path: config, unsetVariables: .leaveEmpty)
            } catch {
                printError("\(error)")
                throw ExitCode(2)
            }
            guard configuration.postgresURL == nil else {
                printError("pdm alarms reads the SQLite file; this configuration keeps its state in PostgreSQL "
                           + "(storage.postgres): use the HTTP API of a running instance (/api/v1/alarms)")
                throw ExitCode(2)
            }
            do {
                return (configuration, try AlarmDatabase(path: configuration.databasePath, syncEveryCommit: configuration.durability == .power))
            } catch {
                printError("\(error)")
                throw ExitCode(2)
            }
        }
    }

    struct Actor: ParsableArguments {
        @Option(help: "Who acts, journaled with the action (default: $PDM_USER, then the login name).") var user: String?
        @Option(help: """
            Bearer token of the HTTP API (default: $PDM_TOKEN). With it the command goes through the running \
            service's API and is journaled with the token's user.
            """) var token: String?

        var apiToken: String? {
            let token = token ?? ProcessInfo.processInfo.environment["PDM_TOKEN"]
            return token?.isEmpty == false ? token : nil
        }

        var name: String {
            get throws {
                guard let name = Self.name(option: user, environment: ProcessInfo.processInfo.environment,
                                           loginName: Self.loginName()) else {
                    printError(Self.noUser)
                    throw ExitCode(2)
                }
                return name
            }
        }

        static let noUser = "this command is journaled with who did it: give --user NAME or set PDM_USER"

        /// `--user`, then `$PDM_USER`, then the login name; nil when none is set.
        static func name(option: String?, environment: [String: String], loginName: String?) -> String? {
            for candidate in [option, environment["PDM_USER"], loginName] {
                if let name = candidate?.trimmingCharacters(in: .whitespaces), !name.isEmpty { return name }
            }
            return nil
        }

        /// The name of the user the process runs as, from the password database (not `$USER`,
        /// which services and containers often leave unset).
        static func loginName() -> String? {
            guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return nil }
            let text = String(cString: name)
            return text.isEmpty ? nil : text
        }
    }

    /// The `--help` text of a subcommand's examples.
    static func examples(_ lines: String...) -> String {
        (lines.count == 1 ? "Example:\n" : "Examples:\n") + lines.map { "  " + $0 }.joined(separator: "\n")
    }

    static func key(_ text: String) throws -> AlarmKey {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ValidationError("name an alarm as ASSET/RULE, for example pump-1/vibration-zone-d")
        }
        return AlarmKey(asset: parts[0], rule: parts[1])
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List alarms, most urgent first.",
            discussion: AlarmsCommand.examples("pdm alarms list --state active_unacknowledged --priority high", "pdm alarms list --asset 'pump-*' --all --json"))
        @OptionGroup var common: Common
        @Option(help: "Only this state (repeatable): \(AlarmState.allCases.map(\.rawValue).joined(separator: ", ")).")
        var state: [String] = []
        @Option(help: "Only this priority and above.") var priority: String?
        @Option(help: "Asset name or glob pattern.") var asset: String?
        @Option(help: "At most this many.") var limit = 100
        @Flag(help: "Include alarms in the normal state.") var all = false
        @Flag(help: "One JSON object per line.") var json = false

        func run() throws {
            let (configuration, database) = try common.load()
            var states = try state.map { text -> AlarmState in
                guard let state = AlarmState(rawValue: text) else { throw ValidationError("unknown state '\(text)'") }
                return state
            }
            if states.isEmpty, !all { states = AlarmState.allCases.filter { $0 != .normal } }
            var rank: Int?
            if let priority {
                guard let known = configuration.alarms.rules.map(\.priority).first(where: { $0.name == priority })
                    ?? Priority.standard.first(where: { $0.name == priority }) else {
                    throw ValidationError("unknown priority '\(priority)'")
                }
                rank = known.rank
            }
            let alarms = try database.alarms(AlarmFilter(states: states, minimumRank: rank, asset: asset, limit: limit))
            if json {
                for alarm in alarms { print(Self.json(alarm)) }
                return
            }
            let dead = try database.count(deadOnly: true)
            defer {
                if dead > 0 {
                    print("\(dead) notification\(dead == 1 ? "" : "s") could not be delivered: pdm alarms notifications --dead")
                }
            }
            guard !alarms.isEmpty else {
                print("no alarms")
                return
            }
            print("PRIORITY    STATE                     ALARM                                     VALUE      SINCE")
            for alarm in alarms {
                let value = alarm.value.map { String(format: "%.3g", $0) } ?? "-"
                print(alarm.priority.name.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + alarm.state.rawValue.padding(toLength: 26, withPad: " ", startingAt: 0)
                    + alarm.key.description.padding(toLength: 42, withPad: " ", startingAt: 0)
                    + value.padding(toLength: 11, withPad: " ", startingAt: 0)
                    + Date(timeIntervalSince1970: alarm.raisedAt).formatted(.iso8601))
            }
        }

        /// The alarm as the API and the retained MQTT state show it.
        static func json(_ alarm: Alarm) -> String {
            String(decoding: AlarmPayload(alarm).jsonBytes(), as: UTF8.self)
        }
    }

    struct KPI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kpi",
            abstract: "Alarm-system figures from the journal: rates per area, floods, bad actors, priorities, stale alarms.",
            discussion: AlarmsCommand.examples("pdm alarms kpi --hours 168"))
        @OptionGroup var common: Common
        @Option(help: "Hours back from now.") var hours = 24.0
        @Option(help: "Hours after which an active alarm counts as stale (default: kpi.stale_after).") var staleHours: Double?

        func run() throws {
            let (configuration, database) = try common.load()
            let staleAfter = staleHours.map { $0 * 3600 } ?? configuration.staleAfter
            let end = Date().timeIntervalSince1970
            let start = end - hours * 3600
            let kpis = try database.kpis(from: start, to: end, staleAfter: staleAfter, targets: configuration.priorityTargets)
            print("last \(Self.figure(hours)) h: \(kpis.activations) alarms raised")
            print("per area (new alarms per 10 min: average, peak; time in flood):")
            for area in kpis.areas {
                print("  \(area.area): \(String(format: "%.2f", area.averagePer10Minutes)), \(area.peakPer10Minutes); "
                    + "\(Self.figure(area.timeInFlood / 60)) min")
            }
            print("top bad actors:")
            for actor in kpis.badActors {
                print("  \(actor.key): \(actor.activations) (\(String(format: "%.0f", actor.share * 100)) %)")
            }
            print("priority distribution (share, target):")
            for priority in kpis.priorities {
                let target = priority.target.map { String(format: "%.0f %%", $0 * 100) } ?? "-"
                print("  \(priority.priority): \(priority.count) (\(String(format: "%.0f", priority.share * 100)) %), target \(target)")
            }
            print("stale (active for more than \(Self.figure(staleAfter / 3600)) h): "
                + (kpis.stale.isEmpty ? "none" : kpis.stale.map(\.description).joined(separator: ", ")))
        }

        static func figure(_ value: Double) -> String {
            value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.1f", value)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one alarm and its journal.",
            discussion: AlarmsCommand.examples("pdm alarms show pump-1/vibration-zone-d"))
        @OptionGroup var common: Common
        @Argument(help: "ASSET/RULE") var alarm: String

        func run() throws {
            let (_, database) = try common.load()
            let key = try AlarmsCommand.key(alarm)
            guard let record = try database.alarms(AlarmFilter(asset: key.asset, limit: 10_000)).first(where: { $0.key == key }) else {
                printError("no alarm \(key)")
                throw ExitCode(1)
            }
            print("\(key)  \(record.state.rawValue)  priority \(record.priority.name)  occurrence \(record.occurrence)")
            if !record.message.isEmpty { print(record.message) }
            if let shelf = record.shelf {
                print("shelved by \(shelf.user) until \(Date(timeIntervalSince1970: shelf.until).formatted(.iso8601)): \(shelf.reason)")
            }
            if let reason = record.suppressedBy { print("suppressed: \(reason)") }
            if let escalation = record.escalation {
                print("escalation \(escalation.policy.name) (version \(escalation.policyVersion)), notified: "
                    + (escalation.notified.isEmpty ? "nobody yet" : escalation.notified.joined(separator: ", ")))
            }
            for (receiver, fields) in try database.tickets(for: key, occurrence: record.occurrence).sorted(by: { $0.key < $1.key }) {
                print("ticket at \(receiver): " + fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
            }
            let notifications = try database.notifications(for: key).filter { $0.intent.occurrence == record.occurrence }
            if !notifications.isEmpty {
                print("notifications:")
                for entry in notifications { print("  " + Notifications.line(entry)) }
            }
            print("journal:")
            for entry in try database.journal(for: key) {
                var line = "  " + Date(timeIntervalSince1970: entry.time).formatted(.iso8601)
                    + "  \(entry.from.rawValue) → \(entry.to.rawValue)  \(entry.cause.rawValue)"
                if let user = entry.user { line += "  by \(user)" }
                if let value = entry.value { line += "  value \(String(format: "%.4g", value))" }
                if let comment = entry.comment { line += "  \"\(comment)\"" }
                print(line)
            }
        }
    }

    /// Carries out a command: through the running service when there is one, else directly.
    /// Stands for the token's user until the API answers.
    static let tokenUser = "(token)"

    static func perform(_ command: OperatorCommand, token: String? = nil, configuration: PDMConfiguration,
                        database: AlarmDatabase) throws {
        if let token, configuration.http.enabled,
           let outcome = send(command, token: token, http: configuration.http) {
            switch outcome {
            case .applied(let result):
                print("\(command.key): \(result) by pdm run (HTTP API)")
                return
            case .refused(let reason):
                printError("refused: \(reason)")
                throw ExitCode(1)
            case .unreachable(let reason):
                printError("HTTP API not reachable (\(reason)); using the database")
                if command.user == tokenUser {
                    printError("give --user NAME or set PDM_USER to act on the database directly")
                    throw ExitCode(2)
                }
            }
        }
        let now = Date().timeIntervalSince1970
        if let beat = try database.heartbeat(), now - beat.at < 5, kill(beat.pid, 0) == 0 {
            let id = try database.enqueue(command, now: now)
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                if let queued = try database.command(id), queued.status != .pending {
                    guard queued.status == .applied else {
                        printError("refused: \(queued.result ?? "")")
                        throw ExitCode(1)
                    }
                    print("\(command.key): \(queued.result ?? "applied") by pdm run (pid \(beat.pid))")
                    return
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            printError("pdm run (pid \(beat.pid)) did not answer within 10 s; the command stays queued (id \(id))")
            throw ExitCode(1)
        }
        var engine = AlarmCore(settings: configuration.alarms, restoring: try database.loadAlarms(), now: now)
        do {
            let actions = try engine.apply(command, now: now)
            try database.apply(actions)
            print("\(command.key): \(engine.alarm(command.key)?.state.rawValue ?? "applied")")
        } catch let error as AlarmCommandError {
            printError("refused: \(error)")
            throw ExitCode(1)
        }
    }

    struct Acknowledge: AlarmOperation {
        static let configuration = CommandConfiguration(
            commandName: "ack", abstract: "Acknowledge an alarm.",
            discussion: AlarmsCommand.examples("pdm alarms ack pump-1/vibration-zone-d --comment \"bearing ordered\" --user ann"))
        @OptionGroup var common: Common
        @OptionGroup var actor: Actor
        @Argument(help: "ASSET/RULE") var alarm: String
        @Option(help: "Comment for the journal.") var comment: String?

        func run() throws { try perform { .acknowledge($0, user: $1, comment: comment) } }
    }

    struct Shelve: AlarmOperation {
        static let configuration = CommandConfiguration(
            abstract: "Shelve an alarm for a time (--for), or until its condition next clears.",
            discussion: AlarmsCommand.examples("pdm alarms shelve fan-2/bearing-temperature-high --for 2h --reason \"sensor being replaced\""))
        @OptionGroup var common: Common
        @OptionGroup var actor: Actor
        @Argument(help: "ASSET/RULE") var alarm: String
        @Option(name: .customLong("for"), help: "How long: 30m, 2h, … (at most the configured shelving.max).") var duration: String?
        @Option(help: "Why (journaled).") var reason: String

        func run() throws {
            let (configuration, database) = try common.load()
            var until: Double?
            if let duration {
                let seconds = DurationText.seconds(duration)
                guard let seconds, seconds > 0 else { throw ValidationError("--for expects a duration such as 30m or 2h") }
                until = Date().timeIntervalSince1970 + seconds
            }
            try perform(configuration: configuration, database: database) {
                .shelve($0, user: $1, until: until, reason: reason)
            }
        }
    }

    struct Unshelve: AlarmOperation {
        static let configuration = CommandConfiguration(
            abstract: "Return a shelved alarm to the list.",
            discussion: AlarmsCommand.examples("pdm alarms unshelve fan-2/bearing-temperature-high --comment \"sensor replaced\""))
        @OptionGroup var common: Common
        @OptionGroup var actor: Actor
        @Argument(help: "ASSET/RULE") var alarm: String
        @Option(help: "Comment for the journal.") var comment: String?

        func run() throws { try perform { .unshelve($0, user: $1, comment: comment) } }
    }

    struct Reset: AlarmOperation {
        static let configuration = CommandConfiguration(
            abstract: "Reset a latched alarm whose condition has cleared.",
            discussion: AlarmsCommand.examples("pdm alarms reset pump-1/bearing-temperature-high --comment \"bearing replaced\""))
        @OptionGroup var common: Common
        @OptionGroup var actor: Actor
        @Argument(help: "ASSET/RULE") var alarm: String
        @Option(help: "Comment for the journal.") var comment: String?

        func run() throws { try perform { .reset($0, user: $1, comment: comment) } }
    }

    struct Comment: AlarmOperation {
        static let configuration = CommandConfiguration(
            abstract: "Add a comment to an alarm's journal.",
            discussion: AlarmsCommand.examples("pdm alarms comment pump-1/vibration-zone-d \"stop planned for Tuesday\""))
        @OptionGroup var common: Common
        @OptionGroup var actor: Actor
        @Argument(help: "ASSET/RULE") var alarm: String
        @Argument(help: "The comment.") var text: String

        func run() throws { try perform { .comment($0, user: $1, text: text) } }
    }
}

/// A `pdm alarms` subcommand that carries out an operator command on one alarm.
protocol AlarmOperation: ParsableCommand {
    var common: AlarmsCommand.Common { get }
    var actor: AlarmsCommand.Actor { get }
    var alarm: String { get }
}

extension AlarmOperation {
    /// Loads configuration and database, then performs the command `make` builds from the alarm's
    /// key and the user.
    func perform(_ make: (AlarmKey, String) -> OperatorCommand) throws {
        let (configuration, database) = try common.load()
        try perform(configuration: configuration, database: database, make)
    }

    func perform(configuration: PDMConfiguration, database: AlarmDatabase,
                 _ make: (AlarmKey, String) -> OperatorCommand) throws {
        // With a token the API journals the token's user; --user matters only without one.
        let token = actor.apiToken
        let user = token != nil && configuration.http.enabled ? ((try? actor.name) ?? AlarmsCommand.tokenUser) : try actor.name
        try AlarmsCommand.perform(make(try AlarmsCommand.key(alarm), user), token: token,
                                  configuration: configuration, database: database)
    }
}
