import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

/// The whole service as a plant would run it: `pdm simulate` → mosquitto → `pdm run` with the
/// shipped model → alarm events on MQTT, webhooks to a real HTTP receiver, the REST API and RUL
/// estimates held against the simulator's truth; `pdm run` restarted in the middle keeps its
/// alarms, escalation schedule, undelivered notifications and prognoses.
@Suite("Simulated plant through pdm, with a restart", .enabled(if: TestBrokers.available && Executables.pdm != nil,
                                                              "needs mosquitto and the built pdm executable"))
struct PlantEndToEndTests {
    /// Plant time runs 28,800 times faster than the clock (a day in 3 s): pump-1's bearing degrades
    /// from day 1 and fails on day 13, 39 s in.
    static let speed = 28_800.0
    static let onset = 86_400.0
    static let life = 12 * 86_400.0
    /// The escalation's second level, after the raise.
    static let escalateAfter = 20.0

    @Test(.timeLimit(.minutes(3)))
    func simulatorToAlarmsWebhooksAPIAndRULAcrossARestart() async throws {
        let (port, broker) = try await TestBrokers.plain()
        defer { _ = broker }
        // Two webhooks: `cmms` takes everything; `tickets` is down (503) until after the restart.
        let hook = try await HTTPReceiver()
        let ticketsUp = TestFlag()
        hook.respond { request in
            if request.uri == "/tickets" && !ticketsUp.isSet { return .status(503) }
            return .status(200)
        }
        let id = UUID().uuidString.prefix(8)
        let prefix = "e-\(id)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-plant-\(id)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let httpPort = try FreePort.allocate()
        let config = directory + "/alarms.yaml"
        try (simulatedPlantConfiguration(brokerPort: port, prefix: prefix, httpPort: httpPort) + """
            asset_classes:
              pump:
                machine_group: group2_rigid
                bearing: {elements: 9, element_diameter: 7.94, pitch_diameter: 39.04, contact_angle: 0}
                shaft_rpm: 2960
                envelope_band: [2000, 8000]
            assets:
              - {match: "pump-*", class: pump, area: pump-house}
            receivers:
              cmms: {kind: webhook, url: "http://127.0.0.1:\(hook.port)/cmms"}
              tickets:
                kind: webhook
                url: http://127.0.0.1:\(hook.port)/tickets
                retry: {max_attempts: 100, initial: 1s, max: 2s, jitter: 0}
                circuit: {failures: 1000, open_for: 1s}
            escalation:
              plant:
                levels:
                  - {after: 0, notify: [cmms, tickets]}
                  - {after: \(Int(Self.escalateAfter))s, notify: [cmms]}
            rules:
              - {name: vibration-rising, channel: velocity_rms, above: 2.2, deadband: 0.35, priority: high, escalation: plant}
              - {name: bearing-defect, channel: accel.bpfo, above: 0.05, priority: medium}
            """).write(toFile: config, atomically: true, encoding: .utf8)
        let pdm = try #require(Executables.pdm)
        let rul = try CommandLineTool("mosquitto_sub", ["-h", "127.0.0.1", "-p", "\(port)", "-t", "\(prefix)/assets/pump-1/rul",
                                                        "-W", "150", "-q", "1", "-d"])
        let events = try CommandLineTool("mosquitto_sub", ["-h", "127.0.0.1", "-p", "\(port)", "-t", "\(prefix)/alarms/+/+/event",
                                                           "-v", "-W", "150", "-q", "1", "-d"])
        for sub in [rul, events] { try await sub.waitForOutput("Subscribed") }
        let firstLog = directory + "/pdm-1.log"
        let first = try ChildProcess(path: pdm, arguments: ["run", "--config", config], outputFile: firstLog)
        _ = try await Executables.waitForText("subscribed", in: firstLog)
        // The API is asked below: its listener may come up after the broker session.
        _ = try await Executables.waitForText("HTTP API listening", in: firstLog)

        let simulatorLog = directory + "/simulate.log"
        let simulator = try ChildProcess(path: pdm, arguments: [
            "simulate", "--config", config, "--site", "s1", "--assets", "3", "--degrading", "1", "--seed", "5",
            "--speed", "\(Int(Self.speed))", "--onset", "1d", "--time-to-failure", "12d", "--rate", "5",
            "--waveform-every", "1", "--block-size", "4096", "--duration", "36",
        ], outputFile: simulatorLog)
        defer { _ = simulator.stop(signal: SIGKILL, timeout: .seconds(5)) }
        let truth = try await Executables.waitForText("fails at", in: simulatorLog)
        let failure = try #require(Self.failureTime(in: truth), "\(truth)")

        // 1. The alarm: on MQTT, at the webhook, in the REST API.
        try await events.waitForOutput("\(prefix)/alarms/pump-1/vibration-rising/event", timeout: .seconds(40))
        let base = "http://127.0.0.1:\(httpPort)/api/v1"
        let before = try await Self.json(base + "/alarms/pump-1/vibration-rising")
        let alarm = try #require(before["alarm"] as? [String: Any], "\(before)")
        #expect(alarm["state"] as? String == "active_unacknowledged" && alarm["occurrence"] as? Int == 1)
        let raisedAt = try #require(alarm["raised_at"] as? Double)
        let raised = await hook.waitUntil(timeout: 20) { requests in requests.contains { $0.uri == "/cmms" } }
        #expect(raised.first { $0.uri == "/cmms" }?.json?["kind"] as? String == "raised")
        let failedTicket = await hook.waitUntil(timeout: 20) { requests in requests.contains { $0.uri == "/tickets" } }
        let ticketKey = try #require(failedTicket.first { $0.uri == "/tickets" }?.header("Idempotency-Key"))
        // The healthy machines raise nothing.
        #expect(!events.output.contains("/alarms/motor-1/") && !events.output.contains("/alarms/fan-1/"), "\(events.output)")

        // 2. Restart in the middle: the escalation is due `escalateAfter` after the raise, the
        // ticket is still undelivered. Stop well past half of that, so a timer restarted from
        // scratch would be late by more than the margin below.
        let stopAt = raisedAt + Self.escalateAfter * 0.6
        if case let wait = stopAt - Date().timeIntervalSince1970, wait > 0 { try await Task.sleep(for: .seconds(wait)) }
        #expect(await first.stop(signal: SIGTERM, timeout: .seconds(15)) == 0)
        let firstText = (try? String(contentsOfFile: firstLog, encoding: .utf8)) ?? ""
        #expect(firstText.contains("notification not delivered; will retry"), "\(firstText.suffix(2000))")
        #expect(!hook.requests.contains { $0.json?["kind"] as? String == "escalated" })
        ticketsUp.set()
        let secondLog = directory + "/pdm-2.log"
        let second = try ChildProcess(path: pdm, arguments: ["run", "--config", config], outputFile: secondLog)
        _ = try await Executables.waitForText("subscribed", in: secondLog)
        _ = try await Executables.waitForText("HTTP API listening", in: secondLog)
        // The prognosis carries on from where the first run saved it.
        _ = try await Executables.waitForText("prognoses restored", in: secondLog)

        // 3. After the restart: the same alarm (not raised again), the ticket delivered under its
        // key, the escalation on its original schedule.
        let after = try await Self.json(base + "/alarms/pump-1/vibration-rising")
        let kept = try #require(after["alarm"] as? [String: Any], "\(after)")
        #expect(kept["occurrence"] as? Int == 1 && kept["raised_at"] as? Double == raisedAt, "\(kept)")
        let delivered = await hook.waitUntil(timeout: 20) { requests in
            requests.contains { $0.uri == "/tickets" && $0.header("Idempotency-Key") == ticketKey && $0.receivedAt.timeIntervalSince1970 > stopAt }
        }
        #expect(delivered.contains { $0.uri == "/tickets" && $0.header("Idempotency-Key") == ticketKey })
        let escalations = await hook.waitUntil(timeout: 30) { requests in
            requests.contains { $0.uri == "/cmms" && $0.json?["kind"] as? String == "escalated" }
        }
        let detail = try await Self.json(base + "/alarms/pump-1/vibration-rising")
        let escalation = try #require(escalations.first { $0.uri == "/cmms" && $0.json?["kind"] as? String == "escalated" },
                                      "\(escalations.map { "\($0.uri) \($0.bodyString)" })\n\(detail)")
        let journal = try await Self.json(base + "/alarms/pump-1/vibration-rising")["journal"] as? [[String: Any]] ?? []
        let escalatedAt = try #require(journal.first { $0["cause"] as? String == "escalated" }?["time"] as? Double, "\(journal)")
        #expect(escalatedAt >= raisedAt + Self.escalateAfter - 0.5, "escalated \(escalatedAt - raisedAt) s after the raise")
        #expect(escalatedAt < raisedAt + Self.escalateAfter + 4, "escalated \(escalatedAt - raisedAt) s after the raise")
        #expect(escalation.receivedAt.timeIntervalSince1970 >= raisedAt + Self.escalateAfter - 0.5)
        let raisedEvents = events.output.split(separator: "\n").filter {
            $0.contains("/alarms/pump-1/vibration-rising/event") && $0.contains(#""cause":"condition_active""#)
        }
        #expect(raisedEvents.count == 1, "\(raisedEvents)")

        // 4. The waveform blocks: the outer-race defect shows in the envelope before failure.
        try await events.waitForOutput("\(prefix)/alarms/pump-1/bearing-defect/event", timeout: .seconds(40))

        // 5. RUL of the degrading pump against the truth, once the simulator is done (day 13 − 1).
        #expect(await simulator.waitForExit(timeout: .seconds(60)) == 0)
        let assets = try await Self.json(base + "/assets/pump-1")
        #expect((assets["estimates"] as? [Any])?.isEmpty == false)
        #expect(await second.stop(signal: SIGTERM, timeout: .seconds(15)) == 0)
        let estimates = await rul.finish(timeout: .seconds(1)).output.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
        // Within 150 h of failure, before and after the restart: the 5–95 % interval holds the truth
        // for most estimates, and the median is within ±30 % of it (plus one model step).
        var judged = 0, covered = 0, close = 0
        for estimate in estimates {
            guard let time = estimate["time"] as? Double, let median = estimate["rul"] as? Double,
                  let lower = estimate["lower"] as? Double, let upper = estimate["upper"] as? Double else { continue }
            let truth = failure - time
            guard truth > 0, truth <= 150 * 3600 else { continue }
            judged += 1
            if lower <= truth + 3600 && truth - 3600 <= upper { covered += 1 }
            if abs(median - truth) <= 0.3 * truth + 3600 { close += 1 }
        }
        #expect(judged >= 10, "\(estimates.count) estimates")
        let listing = estimates.compactMap { e -> String? in
            guard let t = e["time"] as? Double, let m = e["rul"] as? Double, let l = e["lower"] as? Double, let u = e["upper"] as? Double else { return nil }
            return String(format: "%.0f: %.0f [%.0f, %.0f] hi %@", (failure - t) / 3600, m / 3600, l / 3600, u / 3600, "\(e["hi"] ?? "")")
        }
        #expect(Double(covered) >= 0.8 * Double(judged), "\(covered) of \(judged) intervals hold the truth: \(listing)")
        #expect(Double(close) >= 0.8 * Double(judged), "\(close) of \(judged) medians within ±30 %")
        _ = await events.finish(timeout: .seconds(1))
    }

    static func failureTime(in log: String) -> Double? {
        guard let line = log.split(separator: "\n").first(where: { $0.contains("pump-1: degrades from") }),
              let range = line.range(of: "fails at ") else { return nil }
        let stamp = line[range.upperBound...].prefix { $0 != " " }
        return try? Date(String(stamp), strategy: .iso8601).timeIntervalSince1970
    }

    static func json(_ url: String) async throws -> [String: Any] {
        let (data, _) = try await URLSession.shared.data(from: try #require(URL(string: url)))
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }
}
