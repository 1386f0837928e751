import AlarmEngine
import AlarmStore
import ArgumentParser
import Foundation
import PDMConfig

/// `pdm alarms notifications | redeliver | confirm`: the outbox, dead letters and remote actions.
extension AlarmsCommand {
    struct Notifications: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List notifications: waiting, dead letters (--dead), or all of one alarm.",
            discussion: AlarmsCommand.examples("pdm alarms notifications --dead", "pdm alarms notifications pump-1/vibration-zone-d"))
        @OptionGroup var common: Common
        @Argument(help: "ASSET/RULE (optional)") var alarm: String?
        @Flag(help: "Only dead letters (given up after their attempts, or refused for good).") var dead = false
        @Option(help: "At most this many.") var limit = 100

        func run() throws {
            let (_, database) = try common.load()
            let entries: [OutboxEntry]
            if let alarm {
                entries = try database.notifications(for: try AlarmsCommand.key(alarm), limit: limit)
                    .filter { !dead || $0.deadAt != nil }
            } else if dead {
                entries = try database.deadLetters(limit: limit)
            } else {
                entries = try database.pendingNotifications(limit: limit)
            }
            guard !entries.isEmpty else {
                print(dead ? "no dead letters" : "no notifications waiting")
                return
            }
            print("ID      STATUS                 RECEIVER        ATTEMPTS  KEY")
            for entry in entries { print(Self.line(entry)) }
        }

        static func line(_ entry: OutboxEntry) -> String {
            var line = String(entry.id).padding(toLength: 8, withPad: " ", startingAt: 0)
                + entry.status.padding(toLength: 23, withPad: " ", startingAt: 0)
                + entry.receiver.padding(toLength: 16, withPad: " ", startingAt: 0)
                + String(entry.attempts).padding(toLength: 10, withPad: " ", startingAt: 0)
                + entry.idempotencyKey
            if let confirmed = entry.confirmedBy { line += "  confirmed by \(confirmed)" }
            if let error = entry.lastError, entry.deliveredAt == nil { line += "\n        last error: \(error)" }
            return line
        }
    }

    struct Redeliver: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put dead letters back in the outbox (by id, or all of them with --all).",
            discussion: AlarmsCommand.examples("pdm alarms redeliver 17 18", "pdm alarms redeliver --all"))
        @OptionGroup var common: Common
        @Argument(help: "Outbox ids (see `pdm alarms notifications --dead`).") var ids: [Int64] = []
        @Flag(help: "Every dead letter.") var all = false

        func validate() throws {
            if ids.isEmpty, !all { throw ValidationError("give outbox ids or --all") }
        }

        func run() throws {
            let (_, database) = try common.load()
            let count = try database.redeliver(all ? nil : ids, now: Date().timeIntervalSince1970)
            guard count > 0 else {
                if all {
                    print("no dead letters: nothing to redeliver")
                    return
                }
                printError("none of \(ids.map(String.init).joined(separator: ", ")) is a dead letter "
                    + "(see pdm alarms notifications --dead)")
                throw ExitCode(1)
            }
            print("\(count) notification\(count == 1 ? "" : "s") queued again")
        }
    }

    struct Confirm: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Confirm the remote actions waiting for an alarm; they are sent at once and journaled with the user.",
            discussion: AlarmsCommand.examples("pdm alarms confirm pump-1/vibration-zone-d --user ann"))
        @OptionGroup var common: Common
        @OptionGroup var actor: Actor
        @Argument(help: "ASSET/RULE") var alarm: String
        @Option(help: "Only this action receiver.") var receiver: String?
        @Option(help: "Comment for the journal.") var comment: String?

        func run() throws {
            let (_, database) = try common.load()
            let key = try AlarmsCommand.key(alarm)
            let confirmed = try database.confirmActions(key, receiver: receiver, user: try actor.name, comment: comment,
                                                        now: Date().timeIntervalSince1970)
            guard !confirmed.isEmpty else {
                printError("no action waits for confirmation on \(key)" + (receiver.map { " (receiver \($0))" } ?? ""))
                throw ExitCode(1)
            }
            for entry in confirmed { print("\(key): \(entry.receiver) confirmed; it is sent by pdm run") }
        }
    }
}
