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

    @Test("storage.durability: process unless power is asked for; anything else is named with its place")
    func storageDurability() throws {
        func parse(_ storage: String) throws -> PDMConfiguration {
            try PDMConfiguration.parse(yaml: "subscriptions: [{topic: \"p/{asset}/{channel}\"}]\nstorage: \(storage)", file: "a.yaml",
                                       environment: [:])
        }
        #expect(try parse("{database: a.sqlite}").durability == .process)
        #expect(try parse("{durability: power}").durability == .power)
        #expect(try parse("{durability: process}").durability == .process)
        #expect {
            try parse("{durability: always}")
        } throws: { error in
            "\(error)".contains("a.yaml:2:23: storage.durability: expected process or power, found 'always'")
        }
    }

    @Test("cluster: the instance's shard picks its subscriptions from cluster.shards; mistakes are named with their place")
    func clusterSection() throws {
        let yaml = """
            storage: {postgres: {url: "postgres://pdm@db/pdm"}}
            cluster:
              shard: ${PDM_SHARD}
              lease: 6s
              shards:
                north: [{topic: "plant/north/{asset}/{channel}"}]
                south: [{topic: "plant/south/{asset}/{channel}", qos: 2}]
            """
        let south = try PDMConfiguration.parse(yaml: yaml, file: "a.yaml", environment: ["PDM_SHARD": "south"])
        #expect(south.cluster?.shard == "south" && south.cluster?.lease == 6 && south.cluster?.instance == nil)
        #expect(south.subscriptions.map(\.template.template) == ["plant/south/{asset}/{channel}"])
        #expect(south.cluster?.clientIdentifier(base: "pdm") == "pdm-south")
        #expect(south.alarms.flood?.summaryKey(of: "plant").asset == "plant@south", "each shard's floods are its own")
        #expect(try PDMConfiguration.parse(yaml: yaml, file: "a.yaml", environment: ["PDM_SHARD": "north"]).subscriptions.count == 1)
        #expect {
            try PDMConfiguration.parse(yaml: yaml, file: "a.yaml", environment: ["PDM_SHARD": "east"])
        } throws: { "\($0)".contains("a.yaml:3:10: cluster.shard: no shard 'east' in cluster.shards (north, south)") }
        #expect {
            try PDMConfiguration.parse(yaml: yaml, file: "a.yaml", environment: ["PDM_SHARD": "a b"])
        } throws: { "\($0)".contains("cluster.shard: letters, digits") }
        // A cluster shares its state in PostgreSQL; the top-level subscriptions serve one shard
        // or the shards list them, not both; a lease of a few milliseconds is refused.
        #expect {
            try PDMConfiguration.parse(yaml: "subscriptions: [{topic: \"p/{asset}/{channel}\"}]\ncluster: {shard: a}",
                                       file: "a.yaml", environment: [:])
        } throws: { "\($0)".contains("cluster: several instances share their state in PostgreSQL") }
        #expect {
            try PDMConfiguration.parse(yaml: "subscriptions: [{topic: \"p/{asset}/{channel}\"}]\n" + yaml, file: "a.yaml",
                                       environment: ["PDM_SHARD": "north"])
        } throws: { "\($0)".contains("cluster.shards: the shards' subscriptions replace the top-level subscriptions") }
        #expect {
            try PDMConfiguration.parse(yaml: "storage: {postgres: {url: \"postgres://d/p\"}}\ncluster: {shard: a, lease: 10ms}",
                                       file: "a.yaml", environment: [:])
        } throws: { "\($0)".contains("cluster.lease: from 1 s to 5 min") }
        let single = try PDMConfiguration.parse(
            yaml: "subscriptions: [{topic: \"p/{asset}/{channel}\"}]\nstorage: {postgres: {url: \"postgres://d/p\"}}\ncluster: {shard: a, instance: host-1}",
            file: "a.yaml", environment: [:])
        #expect(single.cluster?.instance == "host-1" && single.subscriptions.count == 1)
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
