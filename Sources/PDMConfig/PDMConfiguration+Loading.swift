import AlarmEngine
import Foundation
import MQTTCodec
import Yams

extension PDMConfiguration {
    /// What loading does with a `${VARIABLE}` that is not set and has no `:-` default.
    package enum UnsetVariables: Sendable, Hashable {
        /// It is an issue: for commands that connect, deliver or serve, which need the value.
        case refuse
        /// The value is left empty and nothing is reported about it: for commands that only read
        /// the database or files, so that they need no broker password or webhook secret.
        case leaveEmpty
    }

    /// Reads and validates a configuration file.
    package static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                            unsetVariables: UnsetVariables = .refuse)
        throws(ConfigurationError) -> PDMConfiguration
    {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(issues: [ConfigurationIssue(
                file: path, line: 0, column: 0, path: "", message: "cannot read: \(error.localizedDescription)")])
        }
        return try parse(yaml: text, file: path, environment: environment, unsetVariables: unsetVariables)
    }

    /// Parses and validates configuration text; `file` names it in error messages. Issues come
    /// in file order.
    package static func parse(yaml: String, file: String, environment: [String: String],
                             unsetVariables: UnsetVariables = .refuse)
        throws(ConfigurationError) -> PDMConfiguration
    {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ConfigurationError(issues: [yamlIssue(error, file: file)])
        } catch {
            throw ConfigurationError(issues: [ConfigurationIssue(file: file, line: 0, column: 0, path: "",
                                                                 message: "\(error)")])
        }
        let reader = ConfigReader(file: file, environment: environment, unsetVariables: unsetVariables)
        let top = ConfigNode(node: root, path: "", reader: reader)
        guard root?.mapping != nil else {
            throw ConfigurationError(issues: [ConfigurationIssue(file: file, line: 1, column: 1, path: "",
                                                                 message: "expected a mapping at the top level")])
        }
        top.checkKeys(["broker", "topics", "subscriptions", "statistics", "rules", "prognostics", "asset_classes", "assets",
                       "priorities", "receivers", "routes", "escalation", "shelving", "chatter", "flood", "storage", "kpi", "http", "ingest", "commands",
                       "cluster", "sparkplug"])
        let broker = readBroker(top.child("broker"))
        let topics = top.child("topics")
        topics.checkKeys(["prefix"])
        let prefix = topics.child("prefix").string() ?? "pdm"
        if prefix.isEmpty || prefix.contains("+") || prefix.contains("#") {
            reader.report(topics.child("prefix").node, "topics.prefix", "must be a non-empty topic without wildcards")
        }
        var subscriptions = readSubscriptions(top.child("subscriptions"))
        let sparkplug = readSparkplug(top.child("sparkplug"))
        let statistics = top.child("statistics")
        statistics.checkKeys(["window", "late_after", "half_life", "baseline_readings", "baseline_skip",
                              "false_alarm_run_length", "drift_half_life", "ranges"])
        let window = statistics.child("window").int(range: 2...100_000) ?? 60
        var statisticsSettings = StatisticsSettings()
        if let late = statistics.child("late_after").double() {
            if late >= 0 { statisticsSettings.lateAfter = late } else {
                reader.report(statistics.child("late_after").node, "statistics.late_after", "must not be negative")
            }
        }
        if let halfLife = statistics.child("half_life").double() {
            if halfLife > 0 { statisticsSettings.halfLife = halfLife } else {
                reader.report(statistics.child("half_life").node, "statistics.half_life", "must be positive")
            }
        }
        if let readings = statistics.child("baseline_readings").int(range: 2...1_000_000) {
            statisticsSettings.baselineReadings = readings
        }
        statisticsSettings.baselineSkip = statistics.child("baseline_skip").int(range: 0...1_000_000)
        if let runLength = statistics.child("false_alarm_run_length").double() {
            if runLength >= 10 && runLength <= 1e12 { statisticsSettings.falseAlarmRunLength = runLength } else {
                reader.report(statistics.child("false_alarm_run_length").node, "statistics.false_alarm_run_length",
                              "readings between false alarms, from 10 to 1e12; found \(runLength)")
            }
        }
        if let halfLife = statistics.child("drift_half_life").double() {
            if halfLife >= 0 && halfLife <= 1e12 { statisticsSettings.driftHalfLife = halfLife } else {
                reader.report(statistics.child("drift_half_life").node, "statistics.drift_half_life",
                              "readings, 0 (no drift tracking) to 1e12; found \(halfLife)")
            }
        }
        for (channel, node) in statistics.child("ranges").entries() {
            if let range = node.range() { statisticsSettings.ranges[channel] = range }
        }
        let prognostics = readPrognostics(top.child("prognostics"), file: file)
        let classes = readAssetClasses(top.child("asset_classes"))
        let alarms = readAlarmSections(top, classes: classes)
        let storage = top.child("storage")
        storage.checkKeys(["database", "durability", "postgres", "feature_bucket", "retention"])
        var durability = StorageDurability.process
        if let text = storage.child("durability").string() {
            if let chosen = StorageDurability(rawValue: text) { durability = chosen } else {
                reader.report(storage.child("durability").node, "storage.durability", "expected process or power, found '\(text)'")
            }
        }
        let postgres = storage.child("postgres")
        postgres.checkKeys(["url"])
        let postgresURL = postgres.child("url").string(required: postgres.node != nil)
        if let url = postgresURL, !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) {
            reader.report(postgres.child("url").node, "storage.postgres.url",
                          "a postgres://user:${PASSWORD}@host:port/database URL, found '\(url.prefix(while: { $0 != ":" }))…'")
        }
        let database = resolve(storage.child("database").string() ?? "pdm.sqlite", relativeTo: file)
        let bucket = storage.child("feature_bucket").duration() ?? 60
        if bucket <= 0 { reader.report(storage.child("feature_bucket").node, "storage.feature_bucket", "must be positive") }
        let retention = storage.child("retention").duration() ?? 90 * 86_400
        if retention < bucket {
            reader.report(storage.child("retention").node, "storage.retention", "must be at least one feature bucket")
        }
        let cluster = readCluster(top.child("cluster"), subscriptions: &subscriptions,
                                  topLevelSubscriptions: top.child("subscriptions").exists)
        if cluster != nil, postgresURL == nil {
            reader.report(top.child("cluster").node, "cluster", "several instances share their state in PostgreSQL: set storage.postgres.url")
        }
        let kpi = top.child("kpi")
        kpi.checkKeys(["priority_targets", "stale_after"])
        var targets: [String: Double]?
        for (name, value) in kpi.child("priority_targets").entries() {
            if let share = value.double(required: true) {
                if (0...1).contains(share) { targets = (targets ?? [:]).merging([name: share]) { $1 } } else {
                    reader.report(value.node, value.path, "a share between 0 and 1, found \(share)")
                }
            }
        }
        if let targets, abs(targets.values.reduce(0, +) - 1) > 0.001 {
            reader.report(kpi.child("priority_targets").node, "kpi.priority_targets", "the shares must add up to 1")
        }
        let staleAfter = kpi.child("stale_after").duration()
        let http = readHTTP(top.child("http"))
        var ingest = IngestSettings()
        let ingestNode = top.child("ingest")
        ingestNode.checkKeys(["max_lag", "max_future", "shed"])
        if let ahead = ingestNode.child("max_future").duration() {
            if ahead > 0 { ingest.maxFuture = ahead } else {
                reader.report(ingestNode.child("max_future").node, "ingest.max_future", "must be positive")
            }
        }
        if let lag = ingestNode.child("max_lag").duration() {
            if lag > 0 { ingest.maxLag = lag } else {
                reader.report(ingestNode.child("max_lag").node, "ingest.max_lag", "must be positive")
            }
        }
        if let shed = ingestNode.child("shed").string() {
            switch shed {
            case "qos0": ingest.shedQoS0 = true
            case "none": ingest.shedQoS0 = false
            default: reader.report(ingestNode.child("shed").node, "ingest.shed", "expected qos0 or none, found '\(shed)'")
            }
        }
        var commands = CommandSettings()
        let commandsNode = top.child("commands")
        commandsNode.checkKeys(["mqtt"])
        if let mode = commandsNode.child("mqtt").string() {
            if let access = CommandSettings.MQTTAccess(rawValue: mode) {
                commands.mqtt = access
                if access == .token, http.tokens.isEmpty {
                    reader.report(commandsNode.child("mqtt").node, "commands.mqtt", "'token' needs http.tokens")
                }
            } else {
                reader.report(commandsNode.child("mqtt").node, "commands.mqtt",
                              "expected trusted, token or off, found '\(mode)'")
            }
        }
        guard reader.issues.isEmpty else { throw ConfigurationError(issues: ConfigurationIssue.inFileOrder(reader.issues)) }
        var configuration = PDMConfiguration(broker: broker, topicPrefix: prefix, subscriptions: subscriptions,
                                statisticsWindow: window, alarms: alarms.settings, receivers: alarms.receivers,
                                prognostics: prognostics, statistics: statisticsSettings, assetClasses: classes,
                                assets: alarms.assets)
        configuration.databasePath = database
        configuration.durability = durability
        configuration.postgresURL = postgresURL
        configuration.cluster = cluster
        // Each shard counts only its own alarms: its flood summaries are its own too.
        configuration.alarms.flood?.scope = cluster?.shard
        configuration.featureBucket = bucket
        configuration.featureRetention = retention
        if let targets { configuration.priorityTargets = targets }
        if let staleAfter { configuration.staleAfter = staleAfter }
        configuration.http = http
        configuration.commands = commands
        configuration.ingest = ingest
        configuration.sparkplug = sparkplug
        return configuration
    }

    static func readSparkplug(_ node: ConfigNode) -> SparkplugSettings? {
        guard node.exists else { return nil }
        node.checkKeys(["group", "edge_node", "asset", "channel", "qos", "rebirth_interval", "publish"])
        let groups = node.child("group").strings()
        let publishNode = node.child("publish")
        if groups.isEmpty, !publishNode.exists {
            node.reader.report(node.child("group").node ?? node.node, "sparkplug.group",
                               "name the Sparkplug group (or a list of groups) to read, or set publish")
        }
        func level(_ text: String, _ path: String, _ child: ConfigNode, wildcard: Bool) -> Bool {
            let valid = !text.isEmpty && !text.contains("/") && !text.contains("#") && (text == "+" ? wildcard : !text.contains("+"))
            if !valid {
                node.reader.report(child.node, path, "one topic level" + (wildcard ? " or +" : "") + ", found '\(text)'")
            }
            return valid
        }
        for group in groups { _ = level(group, "sparkplug.group", node.child("group"), wildcard: false) }
        var settings = SparkplugSettings(groups: groups)
        if let edgeNode = node.child("edge_node").string(), level(edgeNode, "sparkplug.edge_node", node.child("edge_node"), wildcard: true) {
            settings.edgeNode = edgeNode
        }
        for (key, keyPath) in [("asset", \SparkplugSettings.asset), ("channel", \SparkplugSettings.channel)] {
            guard let text = node.child(key).string() else { continue }
            do throws(TopicTemplateError) {
                settings[keyPath: keyPath] = try SparkplugNameTemplate(text)
            } catch {
                node.reader.report(node.child(key).node, "sparkplug." + key, error.reason)
            }
        }
        if let qos = node.child("qos").int(range: 0...1).flatMap({ MQTTQoS(rawValue: UInt8($0)) }) { settings.qos = qos }
        if publishNode.exists {
            publishNode.checkKeys(["group", "node"])
            let group = publishNode.child("group").string() ?? "pdm"
            let edgeNode = publishNode.child("node").string() ?? "pdm"
            if level(group, "sparkplug.publish.group", publishNode.child("group"), wildcard: false),
               level(edgeNode, "sparkplug.publish.node", publishNode.child("node"), wildcard: false) {
                settings.publish = SparkplugSettings.Publish(group: group, node: edgeNode)
            }
        }
        if let interval = node.child("rebirth_interval").duration() {
            if interval > 0 { settings.rebirthInterval = interval } else {
                node.reader.report(node.child("rebirth_interval").node, "sparkplug.rebirth_interval", "must be positive")
            }
        }
        return settings
    }

    static func readHTTP(_ node: ConfigNode) -> HTTPSettings {
        var http = HTTPSettings()
        node.checkKeys(["enabled", "host", "port", "tokens", "max_connections", "idle_timeout", "max_header_bytes", "max_body_bytes"])
        if let limit = node.child("max_connections").int(range: 1...100_000) { http.maxConnections = limit }
        if let idle = node.child("idle_timeout").duration() {
            if idle > 0 { http.idleTimeout = idle } else {
                node.reader.report(node.child("idle_timeout").node, "http.idle_timeout", "must be positive")
            }
        }
        if let bytes = node.child("max_header_bytes").int(range: 1024...1_048_576) { http.maxHeaderBytes = bytes }
        if let bytes = node.child("max_body_bytes").int(range: 1024...16_777_216) { http.maxBodyBytes = bytes }
        http.enabled = node.exists
        if let enabled = node.child("enabled").bool() { http.enabled = enabled }
        if let host = node.child("host").string() { http.host = host }
        if let port = node.child("port").int(range: 0...65535) { http.port = port }
        for element in node.child("tokens").elements() {
            element.checkKeys(["user", "token", "role"])
            guard let user = element.child("user").string(required: true),
                  let token = element.child("token").string(required: true) else { continue }
            var role = Role.operator
            if let name = element.child("role").string() {
                if let named = Role(rawValue: name) { role = named } else {
                    element.reader.report(element.child("role").node, element.path + ".role",
                                          "expected viewer, operator or admin, found '\(name)'")
                }
            }
            if token.isEmpty {
                continue  // not set in this environment: that user has no access
            } else if token.count < 16 {
                element.reader.report(element.child("token").node, element.path + ".token",
                                      "too short: use at least 16 characters (from the environment)")
            } else if http.tokens[token] != nil {
                element.reader.report(element.child("token").node, element.path + ".token", "the same token is given twice")
            } else {
                http.tokens[token] = HTTPSettings.Grant(user: user, role: role)
            }
        }
        return http
    }

    /// `path` as given when absolute, otherwise relative to the configuration file's directory.
    static func resolve(_ path: String, relativeTo file: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(path).path
    }

    private static func readAssetClasses(_ node: ConfigNode) -> [String: AssetClassSettings] {
        var classes: [String: AssetClassSettings] = [:]
        for (name, element) in node.entries() {
            element.checkKeys(["machine_group", "zone_limits", "acceleration_unit", "bearing", "shaft_speed",
                               "shaft_rpm", "defect_frequencies", "envelope_band", "bands", "rules", "failure_at"])
            var settings = AssetClassSettings(name: name)
            if let group = element.child("machine_group").string() {
                if let limits = AssetClassSettings.machineGroups[group] {
                    settings.zoneLimits = limits
                } else {
                    element.reader.report(element.child("machine_group").node, element.path + ".machine_group",
                                          "unknown machine group '\(group)' (known: "
                                              + AssetClassSettings.machineGroups.keys.sorted().joined(separator: ", ") + ")")
                }
            }
            let zones = element.child("zone_limits")
            if zones.exists {
                zones.checkKeys(["ab", "bc", "cd"])
                if let ab = zones.child("ab").double(required: true), let bc = zones.child("bc").double(required: true),
                   let cd = zones.child("cd").double(required: true) {
                    if 0 < ab, ab < bc, bc < cd {
                        settings.zoneLimits = .init(ab: ab, bc: bc, cd: cd)
                    } else {
                        element.reader.report(zones.node, zones.path, "needs 0 < ab < bc < cd (mm/s)")
                    }
                }
            }
            if let unit = element.child("acceleration_unit").string() {
                switch unit {
                case "g": settings.accelerationScale = 1
                case "m/s2", "m/s^2", "m/s²": settings.accelerationScale = 1 / 9.80665
                default: element.reader.report(element.child("acceleration_unit").node, element.path + ".acceleration_unit",
                                               "expected g or m/s2, found '\(unit)'")
                }
            }
            let bearing = element.child("bearing")
            if bearing.exists {
                bearing.checkKeys(["elements", "element_diameter", "pitch_diameter", "contact_angle"])
                let elements = bearing.child("elements").int(required: true, range: 3...200)
                let ball = bearing.child("element_diameter").double(required: true)
                let pitch = bearing.child("pitch_diameter").double(required: true)
                let angle = bearing.child("contact_angle").double() ?? 0
                if let elements, let ball, let pitch {
                    if 0 < ball, ball < pitch, (0..<90).contains(angle) {
                        settings.bearing = .init(elements: elements, elementDiameter: ball, pitchDiameter: pitch,
                                                 contactAngle: angle)
                    } else {
                        element.reader.report(bearing.node, bearing.path,
                                              "needs 0 < element_diameter < pitch_diameter and 0 ≤ contact_angle < 90")
                    }
                }
            }
            let hz = element.child("shaft_speed").double(), rpm = element.child("shaft_rpm").double()
            if hz != nil, rpm != nil {
                element.reader.report(element.node, element.path, "give shaft_speed (Hz) or shaft_rpm, not both")
            }
            if let speed = hz ?? rpm.map({ $0 / 60 }) {
                if speed > 0 { settings.shaftSpeed = speed } else {
                    element.reader.report(element.child(hz != nil ? "shaft_speed" : "shaft_rpm").node, element.path,
                                          "the shaft speed must be positive")
                }
            }
            let defects = element.child("defect_frequencies")
            if defects.exists {
                defects.checkKeys(["bpfo", "bpfi", "bsf", "ftf"])
                if let bpfo = defects.child("bpfo").double(required: true), let bpfi = defects.child("bpfi").double(required: true),
                   let bsf = defects.child("bsf").double(required: true), let ftf = defects.child("ftf").double(required: true) {
                    settings.defectFrequencies = .init(bpfo: bpfo, bpfi: bpfi, bsf: bsf, ftf: ftf)
                }
                if settings.bearing != nil {
                    element.reader.report(defects.node, defects.path, "give bearing geometry or defect_frequencies, not both")
                }
            }
            if settings.bearing != nil, settings.shaftSpeed == nil {
                element.reader.report(bearing.node, bearing.path, "bearing geometry needs shaft_speed or shaft_rpm")
            }
            settings.envelopeBand = element.child("envelope_band").range(within: 0...1_000_000)
            settings.failureLevels = readFailureLevels(element.child("failure_at"))
            for (band, range) in element.child("bands").entries() {
                if let value = range.range(within: 0...1_000_000) { settings.bands.append((band, value)) }
            }
            classes[name] = settings
        }
        return classes
    }

    private static func readPrognostics(_ node: ConfigNode, file: String) -> PrognosticsSettings {
        node.checkKeys(["models", "interval", "reload", "trend"])
        var settings = PrognosticsSettings()
        let trend = node.child("trend")
        trend.checkKeys(["failure_at", "horizon", "memory", "time_unit"])
        settings.trend.failureLevels = readFailureLevels(trend.child("failure_at"))
        if let horizon = trend.child("horizon").duration() {
            if horizon > 0 { settings.trend.horizon = horizon } else {
                trend.reader.report(trend.child("horizon").node, trend.path + ".horizon", "must be positive")
            }
        }
        if let memory = trend.child("memory").double() {
            if memory >= 3 && memory <= 1e9 { settings.trend.memory = memory } else {
                trend.reader.report(trend.child("memory").node, trend.path + ".memory", "readings, from 3 to 1e9; found \(memory)")
            }
        }
        if let unit = trend.child("time_unit").string() { settings.trend.timeUnit = unit }
        settings.modelDirectory = resolve(node.child("models").string() ?? settings.modelDirectory, relativeTo: file)
        let interval = node.child("interval")
        if interval.exists {
            interval.checkKeys(["lower", "upper"])
            let lower = interval.child("lower").double(required: true)
            let upper = interval.child("upper").double(required: true)
            if let lower, let upper {
                if 0 < lower, lower < 0.5, 0.5 < upper, upper < 1 {
                    settings.interval = (lower, upper)
                } else {
                    node.reader.report(interval.node, interval.path,
                                       "needs 0 < lower < 0.5 < upper < 1 (quantiles), found \(lower) and \(upper)")
                }
            }
        }
        if let reload = node.child("reload").double() {
            if reload >= 0 { settings.reloadInterval = reload } else {
                node.reader.report(node.child("reload").node, node.path + ".reload", "must not be negative")
            }
        }
        return settings
    }

    /// `failure_at: {channel: level}`.
    private static func readFailureLevels(_ node: ConfigNode) -> [String: Double] {
        var levels: [String: Double] = [:]
        for (channel, value) in node.entries() {
            if let level = value.double(required: true) { levels[channel] = level }
        }
        return levels
    }

    private static func readBroker(_ node: ConfigNode) -> BrokerSettings {
        node.checkKeys(["host", "port", "protocol", "client_id", "username", "password", "keep_alive",
                        "clean_start", "session_expiry", "tls", "transport", "path"])
        var broker = BrokerSettings()
        if let host = node.child("host").string() { broker.host = host }
        if let port = node.child("port").int(range: 1...65535) { broker.port = port }
        if let version = node.child("protocol").string() {
            switch version {
            case "5", "5.0": broker.version = .v5
            case "3.1.1", "4": broker.version = .v3_1_1
            default: node.reader.report(node.child("protocol").node, "broker.protocol",
                                        "expected \"5\" or \"3.1.1\", found '\(version)'")
            }
        }
        if let id = node.child("client_id").string() { broker.clientIdentifier = id }
        broker.username = node.child("username").string().flatMap { $0.isEmpty ? nil : $0 }
        broker.password = node.child("password").string().flatMap { $0.isEmpty ? nil : $0 }
        if let keepAlive = node.child("keep_alive").int(range: 0...65535) { broker.keepAlive = keepAlive }
        if let clean = node.child("clean_start").bool() { broker.cleanStart = clean }
        if let expiry = node.child("session_expiry").int(range: 0...Int(UInt32.max)) {
            broker.sessionExpiry = UInt32(expiry)
        }
        let tlsNode = node.child("tls")
        if tlsNode.exists {
            tlsNode.checkKeys(["ca_file", "cert_file", "key_file", "server_name", "verify"])
            var tls = TLSSettings()
            tls.caFile = tlsNode.child("ca_file").string()
            tls.certificateFile = tlsNode.child("cert_file").string()
            tls.keyFile = tlsNode.child("key_file").string()
            tls.serverName = tlsNode.child("server_name").string()
            if let verify = tlsNode.child("verify").bool() { tls.verify = verify }
            if (tls.certificateFile == nil) != (tls.keyFile == nil) {
                node.reader.report(tlsNode.node, "broker.tls", "cert_file and key_file go together")
            }
            broker.tls = tls
        }
        if let transport = node.child("transport").string() {
            switch transport {
            case "tcp": broker.webSocketPath = nil
            case "websocket": broker.webSocketPath = "/mqtt"
            default: node.reader.report(node.child("transport").node, "broker.transport", "expected tcp or websocket, found '\(transport)'")
            }
        }
        if let path = node.child("path").string() {
            if broker.webSocketPath == nil {
                node.reader.report(node.child("path").node, "broker.path", "applies to transport: websocket only")
            } else if !path.hasPrefix("/") || path.contains(where: { $0 == " " || $0.isNewline }) {
                node.reader.report(node.child("path").node, "broker.path", "an HTTP path such as /mqtt, found '\(path)'")
            } else {
                broker.webSocketPath = path
            }
        }
        return broker
    }

    /// `cluster:`; when it lists every shard's subscriptions, this instance's become `subscriptions`.
    private static func readCluster(_ node: ConfigNode, subscriptions: inout [SubscriptionSettings],
                                    topLevelSubscriptions: Bool) -> ClusterSettings? {
        guard node.exists else { return nil }
        node.checkKeys(["shard", "instance", "lease", "shards"])
        guard let shard = node.child("shard").string(required: true) else { return nil }
        guard ClusterSettings.isValidName(shard) else {
            node.reader.report(node.child("shard").node, "cluster.shard",
                               "letters, digits, '-', '_' and '.', up to 64 characters; found '\(shard.prefix(80))'")
            return nil
        }
        var cluster = ClusterSettings(shard: shard)
        if let instance = node.child("instance").string() {
            if instance.isEmpty || instance.utf8.count > 200 || instance.unicodeScalars.contains(where: { $0.value < 0x20 }) {
                node.reader.report(node.child("instance").node, "cluster.instance", "a name of 1 to 200 printable characters")
            } else {
                cluster.instance = instance
            }
        }
        if let lease = node.child("lease").duration() {
            if (1...300).contains(lease) { cluster.lease = lease } else {
                node.reader.report(node.child("lease").node, "cluster.lease", "from 1 s to 5 min; found \(lease) s")
            }
        }
        let shards = node.child("shards")
        for (name, list) in shards.entries() {
            guard ClusterSettings.isValidName(name) else {
                node.reader.report(list.node, list.path, "shard names are letters, digits, '-', '_' and '.', up to 64 characters")
                continue
            }
            cluster.shards[name] = readSubscriptions(list)
        }
        if shards.exists {
            if topLevelSubscriptions {
                node.reader.report(shards.node, "cluster.shards",
                                   "the shards' subscriptions replace the top-level subscriptions: keep one of the two")
            }
            if let own = cluster.shards[shard] {
                subscriptions = own
            } else {
                let known = cluster.shards.keys.sorted().joined(separator: ", ")
                node.reader.report(node.child("shard").node, "cluster.shard", "no shard '\(shard)' in cluster.shards (\(known))")
            }
        }
        return cluster
    }

    private static func readSubscriptions(_ node: ConfigNode) -> [SubscriptionSettings] {
        // None is valid: `pdm replay` needs none, and `pdm run` says so when it has none.
        let elements = node.elements()
        return elements.compactMap { element -> SubscriptionSettings? in
            element.checkKeys(["topic", "qos", "channel"])
            guard let text = element.child("topic").string(required: true) else { return nil }
            let template: TopicTemplate
            do throws(TopicTemplateError) {
                template = try TopicTemplate(text)
            } catch {
                element.reader.report(element.child("topic").node, element.child("topic").path, error.reason)
                return nil
            }
            let qos = element.child("qos").int(range: 0...2).flatMap { MQTTQoS(rawValue: UInt8($0)) } ?? .atLeastOnce
            let channel = element.child("channel").string()
            return SubscriptionSettings(template: template, qos: qos, channel: channel)
        }
    }

    private static func yamlIssue(_ error: YamlError, file: String) -> ConfigurationIssue {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let message = [context?.text, problem].compactMap { $0 }.joined(separator: ": ")
            return ConfigurationIssue(file: file, line: mark.line, column: mark.column, path: "",
                                      message: "YAML syntax: \(message)")
        default:
            return ConfigurationIssue(file: file, line: 0, column: 0, path: "", message: "YAML: \(error)")
        }
    }
}
