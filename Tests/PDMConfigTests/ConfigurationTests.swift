import PDMConfig
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test("every problem is reported with line and column")
    func issues() {
        let yaml = """
            broker:
              host: 127.0.0.1
              prot: 1883
              port: 99999
            subscriptions:
              - topic: plant/{site}/{channel}
            rules:
              - name: a
                channel: temp
                above: hot
              - name: a
                channel: temp
                above: 1
                below: 0
            """
        do {
            _ = try PDMConfiguration.parse(yaml: yaml, file: "alarms.yaml", environment: [:])
            Issue.record("invalid configuration accepted")
        } catch {
            let text = error.issues.map(\.description)
            #expect(text.contains("alarms.yaml:3:3: broker.prot: unknown key 'prot' (did you mean 'port'?)"))
            #expect(text.contains("alarms.yaml:4:9: broker.port: must be between 1 and 65535, found 99999"))
            #expect(text.contains("alarms.yaml:6:12: subscriptions[0].topic: must contain {asset}"))
            #expect(text.contains("alarms.yaml:10:12: rules[0].above: expected a number, found 'hot'"))
            #expect(text.contains("alarms.yaml:11:11: rules[1].name: rule 'a' is defined twice"))
            #expect(text.contains { $0.hasPrefix("alarms.yaml:11:5: rules[1]: give exactly one of") })
            #expect(text.count == 6, "one issue per problem: \(text)")
        }
    }

    @Test("secrets come from the environment; a missing variable is an error at its place")
    func interpolation() throws {
        let yaml = """
            broker:
              username: ${MQTT_USER}
              password: ${MQTT_PASSWORD}
              client_id: pdm-${SITE:-default}
            subscriptions: [{topic: "p/{asset}/{channel}"}]
            """
        let config = try PDMConfiguration.parse(yaml: yaml, file: "a.yaml",
                                                environment: ["MQTT_USER": "svc", "MQTT_PASSWORD": "s3cret"])
        #expect(config.broker.username == "svc" && config.broker.password == "s3cret")
        #expect(config.broker.clientIdentifier == "pdm-default")
        #expect(throws: ConfigurationError.self) {
            try PDMConfiguration.parse(yaml: yaml, file: "a.yaml", environment: ["MQTT_USER": "svc"])
        }
        do {
            _ = try PDMConfiguration.parse(yaml: yaml, file: "a.yaml", environment: ["MQTT_USER": "svc"])
        } catch {
            #expect(error.description == "a.yaml:3:13: broker.password: environment variable MQTT_PASSWORD is not set")
        }
    }

    @Test("storage.postgres.url takes its password from the environment; anything but a postgres:// URL is refused without echoing it")
    func postgresStorage() throws {
        func yaml(_ url: String) -> String {
            """
            subscriptions: [{topic: "p/{asset}/{channel}"}]
            storage:
              postgres: {url: "\(url)"}
            """
        }
        let config = try PDMConfiguration.parse(yaml: yaml("postgres://pdm:${PG_PASSWORD}@db:5432/pdm"), file: "a.yaml",
                                                environment: ["PG_PASSWORD": "s3cret"])
        #expect(config.postgresURL == "postgres://pdm:s3cret@db:5432/pdm")
        #expect(try PDMConfiguration.parse(yaml: "subscriptions: [{topic: \"p/{asset}/{channel}\"}]", file: "a.yaml",
                                           environment: [:]).postgresURL == nil)
        #expect {
            try PDMConfiguration.parse(yaml: yaml("mysql://pdm:s3cret@db/pdm"), file: "a.yaml", environment: [:])
        } throws: { error in
            "\(error)".contains("a.yaml:3:19: storage.postgres.url: a postgres://") && !"\(error)".contains("s3cret")
        }
        #expect(throws: ConfigurationError.self) {
            try PDMConfiguration.parse(yaml: yaml("postgres://pdm:${PG_PASSWORD}@db/pdm"), file: "a.yaml", environment: [:])
        }
    }

    @Test("YAML syntax errors carry their position")
    func syntax() {
        do {
            _ = try PDMConfiguration.parse(yaml: "broker: [unclosed\n", file: "x.yaml", environment: [:])
            Issue.record("accepted")
        } catch {
            #expect(error.description.hasPrefix("x.yaml:2:1: YAML syntax"))
        }
    }

    @Test("the shipped alarms.yaml is valid")
    func shipped() throws {
        let path = #filePath.replacingOccurrences(of: "Tests/PDMConfigTests/ConfigurationTests.swift", with: "alarms.yaml")
        let config = try PDMConfiguration.load(path: path, environment: [:])
        #expect(!config.rules.isEmpty)
        #expect(!config.subscriptions.isEmpty)
    }

    @Test("topic templates map topics to named parts", arguments: [
        ("plant/{site}/{asset}/{channel}", "plant/north/pump-1/temp", ["site": "north", "asset": "pump-1", "channel": "temp"]),
        ("plant/{site}/{asset}/{channel}", "plant/north/pump-1", nil),
        ("plant/{site}/{asset}/{channel}", "plant/north/pump-1/temp/x", nil),
        ("plant/{site}/{asset}/{channel}", "other/north/pump-1/temp", nil),
        ("gw/{asset}/#", "gw/fan-2/a/b", ["asset": "fan-2"]),
    ] as [(String, String, [String: String]?)])
    func templates(template: String, topic: String, expected: [String: String]?) throws {
        #expect(try TopicTemplate(template).match(topic) == expected)
    }
}
