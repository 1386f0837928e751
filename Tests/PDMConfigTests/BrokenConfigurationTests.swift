import PDMConfig
import Testing

/// Broken alarms.yaml files, each with the message and position `pdm check` must give.
@Suite("Broken alarm configurations")
struct BrokenConfigurationTests {
    static let base = "subscriptions: [{topic: \"p/{asset}/{channel}\"}]\n"

    static let cases: [(yaml: String, expected: String)] = [
        (base + "rules:\n  - {name: a, channel: t, above: 1, escalation: nobody}\n",
         "f.yaml:3:49: rules[0].escalation: unknown escalation policy 'nobody' (escalation is empty)"),
        (base + "receivers:\n  r: {kind: mqtt}\nescalation:\n  p:\n    levels:\n      - {after: 1h, notify: [r]}\n      - {after: 30m, notify: [r]}\n",
         "f.yaml:8:17: escalation.p.levels[1].after: level 2 is unreachable: after 1800 s is not later than level 1's 3600 s"),
        (base + "escalation:\n  p:\n    levels:\n      - {after: 0, notify: [pager]}\n",
         "f.yaml:5:29: escalation.p.levels[0].notify[0]: unknown receiver 'pager' (receivers is empty)"),
        (base + "rules:\n  - {name: a, channel: t, above: 1, priority: urgent}\n",
         "f.yaml:3:47: rules[0].priority: unknown priority 'urgent' (known: emergency, high, medium, low, diagnostic)"),
        (base + "rules:\n  - {name: a, channel: t}\n",
         "f.yaml:3:5: rules[0]: give exactly one of above, below, rate_above, rate_below, anomaly_above, rul_below, no_data, stuck, out_of_range, sensor_fault, communication_lost"),
        (base + "rules:\n  - {name: a, channel: t, anomaly_above: 1, direction: sideways}\n",
         "f.yaml:3:56: rules[0].direction: expected up, down or both, found 'sideways'"),
        (base + "rules:\n  - {name: a, channel: t, above: 1, direction: down}\n",
         "f.yaml:3:48: rules[0].direction: applies to anomaly_above rules only"),
        (base + "statistics: {false_alarm_run_length: 2}\n",
         "f.yaml:2:38: statistics.false_alarm_run_length: readings between false alarms, from 10 to 1e12; found 2.0"),
        (base + "rules:\n  - {name: a, channel: t, above: 1, on_delay: soon}\n",
         "f.yaml:3:47: rules[0].on_delay: expected a duration such as 30, 30s, 15m, 4h or 2d, found 'soon'"),
        (base + "rules:\n  - {name: a, rul_below: 72h, channel: t}\n",
         "f.yaml:3:40: rules[0].channel: a rul_below rule watches the asset's remaining life, not a channel"),
        (base + "receivers:\n  hook: {kind: webhook}\n", "f.yaml:3:9: receivers.hook: a webhook receiver needs 'url'"),
        (base + "rules:\n  - {name: a, communication_lost: true, channel: t}\n",
         "f.yaml:3:50: rules[0].channel: a communication_lost rule watches the asset's data source, not a channel"),
        (base + "sparkplug: {group: g, asset: \"{dev}\"}\n",
         "f.yaml:2:30: sparkplug.asset: unknown placeholder '{dev}' (known: {group}, {node}, {device}, {metric})"),
        (base + "sparkplug: {group: \"a/b\"}\n", "f.yaml:2:20: sparkplug.group: one topic level, found 'a/b'"),
        (base + "broker: {transport: udp}\n", "f.yaml:2:21: broker.transport: expected tcp or websocket, found 'udp'"),
        (base + "broker: {path: /mqtt}\n", "f.yaml:2:16: broker.path: applies to transport: websocket only"),
        (base + "broker: {transport: websocket, path: mqtt}\n", "f.yaml:2:38: broker.path: an HTTP path such as /mqtt, found 'mqtt'"),
        (base + "sparkplug: {edge_node: gw1}\n", "f.yaml:2:12: sparkplug.group: name the Sparkplug group (or a list of groups) to read, or set publish"),
        (base + "receivers:\n  hook: {kind: webhook, url: \"htp:/orders\"}\n",
         "f.yaml:3:30: receivers.hook.url: expected an http:// or https:// URL, found 'htp:/orders'"),
        (base + "receivers:\n  hook: {kind: webhook, url: \"http://\"}\n", "f.yaml:3:30: receivers.hook.url: the URL 'http://' has no host"),
        (base + "receivers:\n  hook: {kind: webhook, url: \"http://h/a b\"}\n",
         "f.yaml:3:30: receivers.hook.url: a URL may not hold spaces or control characters"),
        (base + "receivers:\n  hook: {kind: webhook, url: \"http://h\", headers: {X-Key: \"a\\r\\nX-Evil: 1\"}}\n",
         "f.yaml:3:59: receivers.hook.headers.X-Key: header 'X-Key': a value may not hold CR, LF or NUL"),
        (base + "receivers:\n  hook: {kind: webhook, url: \"http://h\", headers: {\"X Key\": \"a\"}}\n",
         "f.yaml:3:61: receivers.hook.headers.X Key: header name 'X Key' is not an HTTP token"),
        (base + "receivers:\n  hook: {kind: email}\n",
         "f.yaml:3:16: receivers.hook.kind: expected one of mqtt, webhook, log, action, found 'email'"),
        (base + "receivers:\n  hook: {kind: webhook, url: \"http://h\", format: jira}\n",
         "f.yaml:3:50: receivers.hook.format: expected one of generic, alertmanager, pagerduty, template, found 'jira'"),
        (base + "receivers:\n  pd: {kind: webhook, url: \"http://h\", format: pagerduty}\n",
         "f.yaml:3:7: receivers.pd: a pagerduty webhook needs 'routing_key'"),
        (base + "receivers:\n  t:\n    kind: webhook\n    format: template\n    templates:\n      raised: {url: \"http://h/{{#x}}\"}\n",
         "f.yaml:7:21: receivers.t.templates.raised.url: invalid template at column 16 of line 1 of the template: expectedSectionEnd"),
        (base + "receivers:\n  t:\n    kind: webhook\n    url: \"http://h\"\n    format: template\n    templates:\n      raised: {body: x}\n      closed: {body: x}\n",
         "f.yaml:9:15: receivers.t.templates.closed: unknown notification kind 'closed' (known: acknowledged, cleared, default, escalated, flood, flood_ended, raised, reactivated, reminder, repeated)"),
        (base + "receivers:\n  a: {kind: action, topic: \"d/{{asset}}/cmd\"}\n",
         "f.yaml:3:6: receivers.a: an action receiver needs 'payload'"),
        (base + "receivers:\n  h: {kind: webhook, url: \"http://h\", fallback: {receiver: pager}}\n",
         "f.yaml:3:60: receivers.h.fallback.receiver: unknown receiver 'pager' (known: h)"),
        (base + "receivers:\n  h: {kind: log}\nroutes:\n  - {match: {priority: [urgent]}, notify: [h]}\n",
         "f.yaml:5:24: routes[0].match.priority: unknown priority 'urgent' (known: emergency, high, medium, low, diagnostic)"),
        (base + "receivers:\n  h: {kind: log}\nroutes:\n  - {match: {asset: \"p-*\"}, notify: [pager]}\n",
         "f.yaml:5:38: routes[0].notify[0]: unknown receiver 'pager' (known: h)"),
        (base + "rules:\n  - {name: a, channel: t, above: 1}\nassets:\n  - {match: \"p-*\", overrides: {b: {limit: 2}}}\n",
         "f.yaml:5:35: assets[0].overrides.b: overrides an unknown rule 'b' (known: a)"),
        (base + "rules:\n  - {name: a, channel: t, no_data: 5m, severity: [{at: 1, priority: high}]}\n",
         "f.yaml:3:50: rules[0].severity: applies to limit conditions only"),
        (base + "flood: {alarms: 1, hold: low}\n", "f.yaml:2:17: flood.alarms: must be between 2 and 100000, found 1"),
        (base + "shelving: {max: -1h}\n",
         "f.yaml:2:17: shelving.max: expected a duration such as 30, 30s, 15m, 4h or 2d, found '-1h'"),
        (base + "rules:\n  - {name: a, channel: t, above: 1}\n  - {name: a, channel: u, below: 1}\n",
         "f.yaml:4:12: rules[1].name: rule 'a' is defined twice"),
        (base + "kpi: {priority_targets: {low: 0.5, high: 0.2}}\n",
         "f.yaml:2:25: kpi.priority_targets: the shares must add up to 1"),
        (base + "ingest: {max_lag: 10s, shed: all}\n", "f.yaml:2:30: ingest.shed: expected qos0 or none, found 'all'"),
        (base + "receivers:\n  t: {kind: webhook, url: \"http://h/x\", capture: {id: issue.id}, ticket_url: \"https://h/issues/{key}\"}\n",
         "f.yaml:3:78: receivers.t.ticket_url: names '{key}', which capture does not define"),
        (base + "receivers:\n  t: {kind: webhook, url: \"http://h/x\", ticket_url: \"javascript:alert(1)\"}\n",
         "f.yaml:3:53: receivers.t.ticket_url: must be an http or https URL"),
        (base + "chatter: {transitions: 5, windw: 60s}\n",
         "f.yaml:2:27: chatter.windw: unknown key 'windw' (did you mean 'window'?)"),
    ]

    @Test(arguments: cases.indices)
    func reportsWhereAndWhat(index: Int) {
        let (yaml, expected) = Self.cases[index]
        do {
            _ = try PDMConfiguration.parse(yaml: yaml, file: "f.yaml", environment: [:])
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.issues.map(\.description) == [expected])
        }
    }

    /// Problems come in file order, unknown keys get the nearest known one (by edit distance), and
    /// columns count characters, not bytes.
    @Test func problemsInFileOrderWithTheNearestKey() {
        let yaml = Self.base + """
            rules:
              - {name: "température-palier", channel: "température", above: x}
            receivers:
              cmms: {kind: webhook, url: "http://h/hook", retry: {max_attempt: 3}}
            broker: {hots: h}
            statistics: {windw: 60, baselin_readings: 5}

            """
        do {
            _ = try PDMConfiguration.parse(yaml: yaml, file: "f.yaml", environment: [:])
            Issue.record("accepted")
        } catch let error as ConfigurationError {
            #expect(error.issues.map(\.description) == [
                "f.yaml:3:65: rules[0].above: expected a number, found 'x'",
                "f.yaml:5:55: receivers.cmms.retry.max_attempt: unknown key 'max_attempt' (did you mean 'max_attempts'?)",
                "f.yaml:6:10: broker.hots: unknown key 'hots' (did you mean 'host'?)",
                "f.yaml:7:14: statistics.windw: unknown key 'windw' (did you mean 'window'?)",
                "f.yaml:7:25: statistics.baselin_readings: unknown key 'baselin_readings' (did you mean 'baseline_readings'?)",
            ])
        } catch {
            Issue.record("\(error)")
        }
    }

    /// A ticket link is the receiver's `ticket_url` with the captured fields, percent-encoded.
    @Test func ticketLinksFillInCapturedFields() throws {
        let yaml = Self.base + "receivers:\n  t: {kind: webhook, url: \"http://h/x\", capture: {id: issue.id}, ticket_url: \"https://h/issues/{id}\"}\n"
        let receiver = try #require(try PDMConfiguration.parse(yaml: yaml, file: "f.yaml", environment: [:]).receivers["t"])
        #expect(receiver.ticketLink(["id": "42"]) == "https://h/issues/42")
        #expect(receiver.ticketLink(["id": "a/b c"]) == "https://h/issues/a%2Fb%20c")
        #expect(receiver.ticketLink([:]) == nil, "a field not captured yet: no link")
    }

    /// Reading commands leave unset variables empty instead of refusing them.
    @Test func unsetVariablesCanBeLeftEmpty() throws {
        let yaml = Self.base + "receivers:\n  cmms: {kind: webhook, url: \"${CMMS_URL}\", secret: \"${CMMS_SECRET}\"}\n"
        #expect(throws: ConfigurationError.self) {
            try PDMConfiguration.parse(yaml: yaml, file: "f.yaml", environment: [:])
        }
        let configuration = try PDMConfiguration.parse(yaml: yaml, file: "f.yaml", environment: [:], unsetVariables: .leaveEmpty)
        #expect(configuration.receivers["cmms"]?.secret == nil || configuration.receivers["cmms"]?.secret == "")
    }

    @Test func theShippedConfigurationIsValid() throws {
        let configuration = try PDMConfiguration.load(path: "alarms.yaml", environment: [:])
        #expect(configuration.rules.count == 15)
        // The early-warning set: one-sided anomalies, defect peaks over their floor, the diagnosis.
        #expect(configuration.rules.first { $0.name == "vibration-rising" }?.condition == .anomaly(level: 1, deadband: 0.2, direction: .up))
        #expect(configuration.rules.contains { $0.name == "bearing-fault-diagnosed" && $0.channel == "accel.diagnosis" })
        #expect(configuration.prognostics.trend.failureLevels == ["bearing_temp": 95])
        #expect(configuration.statistics.falseAlarmRunLength == 100_000)
        #expect(configuration.alarms.policies.keys.sorted() == ["maintenance", "operations"])
        #expect(configuration.receivers.keys.sorted() == ["cmms", "control-room", "pump-standby", "shift-lead"])
        #expect(configuration.alarms.routes.count == 3)
        #expect(configuration.http.enabled && configuration.http.port == 8480 && configuration.http.tokens.isEmpty,
                "tokens not set in the environment give no access")
        // A rule without a message says what its condition means.
        #expect(configuration.rules.first { $0.name == "vibration-zone-c" }?.message == "velocity_rms above 2.8")
        let suction = try #require(configuration.rules.first { $0.name == "suction-pressure-low" })
        #expect(suction.assets == ["pump-2", "pump-*"])
        #expect(suction.resolved(for: "pump-2")?.condition == .threshold(.below, limit: 0.3, deadband: 0.1))
        #expect(suction.resolved(for: "pump-1")?.condition == .threshold(.below, limit: 0.5, deadband: 0.1))
        #expect(suction.resolved(for: "fan-1") == nil)
    }
}
