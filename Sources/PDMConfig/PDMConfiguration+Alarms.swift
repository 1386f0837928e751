import AlarmEngine

/// Reading the alarm sections of alarms.yaml: priorities, receivers, escalation policies, rules
/// (global and per asset class, with per-asset overrides), shelving, chattering and floods.
extension PDMConfiguration {
    struct AlarmSections {
        var settings: AlarmSettings
        var receivers: [String: ReceiverSettings]
        var assets: [AssetSettings]
    }

    static func readAlarmSections(_ top: ConfigNode, classes: [String: AssetClassSettings]) -> AlarmSections {
        let reader = top.reader
        let priorities = readPriorities(top.child("priorities"))
        let receivers = readReceivers(top.child("receivers"), priorities: priorities)
        let policies = readPolicies(top.child("escalation"), receivers: receivers)

        // Assets: class, area, overrides.
        var assets: [AssetSettings] = []
        var areas: [(pattern: String, area: String)] = []
        var overrides: [String: [(ConfigNode, RuleOverride)]] = [:]
        for element in top.child("assets").elements() {
            element.checkKeys(["match", "class", "area", "overrides"])
            guard let match = element.child("match").string(required: true) else { continue }
            if let name = element.child("class").string() {
                if classes[name] != nil {
                    assets.append(AssetSettings(match: match, assetClass: name))
                } else {
                    let known = classes.keys.sorted().joined(separator: ", ")
                    reader.report(element.child("class").node, element.path + ".class",
                                  "unknown asset class '\(name)'" + (known.isEmpty ? " (asset_classes is empty)" : " (known: \(known))"))
                }
            }
            if let area = element.child("area").string() { areas.append((match, area)) }
            for (rule, node) in element.child("overrides").entries() {
                if let override = readOverride(node, assets: [match], priorities: priorities) {
                    overrides[rule, default: []].append((node, override))
                }
            }
        }

        // Rules: global ones, then each class's templates for the assets of that class.
        var rules: [AlarmRule] = []
        var names: [String: ConfigNode] = [:]
        func add(_ element: ConfigNode, assets restriction: [String]?) {
            if let name = element.child("name").string() {
                if names[name] != nil {
                    reader.report(element.child("name").node, element.path + ".name", "rule '\(name)' is defined twice")
                }
                names[name] = element
            }
            guard var rule = readRule(element, priorities: priorities, policies: policies) else { return }
            if let restriction { rule.assets = restriction }
            if !rules.contains(where: { $0.name == rule.name }) { rules.append(rule) }
        }
        for element in top.child("rules").elements() { add(element, assets: nil) }
        for (name, node) in top.child("asset_classes").entries() {
            let patterns = assets.filter { $0.assetClass == name }.map(\.match)
            for element in node.child("rules").elements() { add(element, assets: patterns) }
        }
        for (name, list) in overrides {
            guard let index = rules.firstIndex(where: { $0.name == name }) else {
                for (node, _) in list {
                    reader.report(node.node, node.path, "overrides an unknown rule '\(name)' (known: "
                        + rules.map(\.name).sorted().joined(separator: ", ") + ")")
                }
                continue
            }
            rules[index].overrides += list.map(\.1)
        }

        var settings = AlarmSettings(rules: rules, policies: policies, areas: areas)
        settings.routes = readRoutes(top.child("routes"), receivers: receivers, priorities: priorities)
        let shelving = top.child("shelving")
        shelving.checkKeys(["max"])
        if let maximum = shelving.child("max").duration() {
            if maximum > 0 { settings.maximumShelve = maximum } else {
                reader.report(shelving.child("max").node, "shelving.max", "must be positive")
            }
        }
        let chatter = top.child("chatter")
        if chatter.exists {
            chatter.checkKeys(["transitions", "window", "shelve", "enabled"])
            if chatter.child("enabled").bool() == false {
                settings.chatter = nil
            } else {
                var value = AlarmSettings.Chatter()
                if let transitions = chatter.child("transitions").int(range: 2...10_000) { value.transitions = transitions }
                if let window = chatter.child("window").duration() { value.window = window }
                if let shelve = chatter.child("shelve").duration() { value.shelve = shelve }
                settings.chatter = value
            }
        }
        let flood = top.child("flood")
        if flood.exists {
            flood.checkKeys(["alarms", "window", "hold", "notify", "enabled"])
            if flood.child("enabled").bool() == false {
                settings.flood = nil
            } else {
                var value = AlarmSettings.Flood()
                if let alarms = flood.child("alarms").int(range: 2...100_000) { value.alarms = alarms }
                if let window = flood.child("window").duration() { value.window = window }
                if let hold = flood.child("hold").string() {
                    if let priority = priorities[hold] { value.hold = priority } else {
                        reportUnknownPriority(hold, flood.child("hold"), priorities)
                    }
                }
                value.receivers = readReceiverList(flood.child("notify"), receivers: receivers)
                settings.flood = value
            }
        }
        return AlarmSections(settings: settings, receivers: receivers, assets: assets)
    }

    static func readPriorities(_ node: ConfigNode) -> [String: Priority] {
        var priorities = Dictionary(uniqueKeysWithValues: Priority.standard.map { ($0.name, $0) })
        let entries = node.entries()
        if !entries.isEmpty { priorities = [:] }
        for (name, value) in entries {
            if let rank = value.int(required: true, range: 0...1_000_000) { priorities[name] = Priority(name: name, rank: rank) }
        }
        return priorities
    }

    static func readRoutes(_ node: ConfigNode, receivers: [String: ReceiverSettings],
                           priorities: [String: Priority]) -> [NotificationRoute] {
        var routes: [NotificationRoute] = []
        for element in node.elements() {
            element.checkKeys(["match", "notify", "continue"])
            let match = element.child("match")
            match.checkKeys(["priority", "min_priority", "asset", "rule", "area"])
            var route = NotificationRoute(receivers: readReceiverList(element.child("notify"), receivers: receivers),
                                          continues: element.child("continue").bool() ?? false)
            if !element.child("notify").exists { element.reader.report(element.node, element.path + ".notify", "is required") }
            for name in match.child("priority").strings() {
                if priorities[name] == nil { reportUnknownPriority(name, match.child("priority"), priorities) }
                route.priorities.append(name)
            }
            if let name = match.child("min_priority").string() {
                if let priority = priorities[name] { route.minimumRank = priority.rank } else {
                    reportUnknownPriority(name, match.child("min_priority"), priorities)
                }
            }
            route.assets = match.child("asset").strings()
            route.rules = match.child("rule").strings()
            route.areas = match.child("area").strings()
            routes.append(route)
        }
        return routes
    }

    static func readReceiverList(_ node: ConfigNode, receivers: [String: ReceiverSettings]) -> [String] {
        let names = node.strings()
        for (index, name) in names.enumerated() where receivers[name] == nil {
            let element = node.elements().indices.contains(index) ? node.elements()[index] : node
            node.reader.report(element.node, element.path, "unknown receiver '\(name)'"
                + (receivers.isEmpty ? " (receivers is empty)" : " (known: " + receivers.keys.sorted().joined(separator: ", ") + ")"))
        }
        return names.filter { receivers[$0] != nil }
    }

    static func readPolicies(_ node: ConfigNode, receivers: [String: ReceiverSettings]) -> [String: EscalationPolicy] {
        var policies: [String: EscalationPolicy] = [:]
        for (name, value) in node.entries() {
            value.checkKeys(["levels", "repeat", "reminder"])
            var levels: [EscalationPolicy.Level] = []
            let elements = value.child("levels").elements()
            if elements.isEmpty { value.reader.report(value.node, value.path, "a policy needs at least one level") }
            for element in elements {
                element.checkKeys(["after", "notify"])
                let after = element.child("after").duration() ?? 0
                let notify = readReceiverList(element.child("notify"), receivers: receivers)
                if !element.child("notify").exists { element.reader.report(element.node, element.path + ".notify", "is required") }
                if let previous = levels.last, after <= previous.after {
                    element.reader.report(element.child("after").node, element.path + ".after",
                                          "level \(levels.count + 1) is unreachable: after \(Int(after)) s is not later than level \(levels.count)'s \(Int(previous.after)) s")
                }
                levels.append(.init(after: after, receivers: notify))
            }
            var policy = EscalationPolicy(name: name, levels: levels)
            let repeatNode = value.child("repeat")
            if repeatNode.exists {
                repeatNode.checkKeys(["count", "every"])
                policy.repeatCount = repeatNode.child("count").int(required: true, range: 0...1000) ?? 0
                policy.repeatInterval = repeatNode.child("every").duration(required: true) ?? 3600
                if policy.repeatInterval <= 0 {
                    repeatNode.reader.report(repeatNode.child("every").node, repeatNode.path + ".every", "must be positive")
                }
            }
            if let reminder = value.child("reminder").duration() {
                if reminder > 0 { policy.reminder = reminder } else {
                    value.reader.report(value.child("reminder").node, value.path + ".reminder", "must be positive")
                }
            }
            policies[name] = policy
        }
        return policies
    }

    /// The condition keys of a rule: exactly one of them. Each is handled in ``readRule`` by an
    /// exhaustive switch, so a new kind does not compile until it is read.
    enum ConditionKey: String, CaseIterable {
        case above, below
        case rateAbove = "rate_above", rateBelow = "rate_below"
        case anomalyAbove = "anomaly_above"
        case rulBelow = "rul_below"
        case noData = "no_data", stuck
        case outOfRange = "out_of_range"
        case sensorFault = "sensor_fault"
        case communicationLost = "communication_lost"
    }

    static let conditionKeys = ConditionKey.allCases.map(\.rawValue)

    static func readRule(_ element: ConfigNode, priorities: [String: Priority],
                         policies: [String: EscalationPolicy]) -> AlarmRule? {
        let reader = element.reader
        element.checkKeys(Set(conditionKeys + ["name", "channel", "deadband", "on_delay", "off_delay", "priority", "severity",
                                               "latched", "escalation", "suppress_when", "assets", "message", "rul_bound",
                                               "stuck_tolerance", "direction"]))
        let name = element.child("name").string(required: true)
        let channel = element.child("channel").string()
        if let name, name.contains("/") || name.contains("+") || name.contains("#") || name.isEmpty {
            reader.report(element.child("name").node, element.path + ".name", "must not contain '/', '+' or '#' (it is a topic level)")
        }
        let given = ConditionKey.allCases.filter { element.child($0.rawValue).exists }
        guard given.count == 1, let kind = given.first else {
            reader.report(element.node, element.path, "give exactly one of " + conditionKeys.joined(separator: ", ")
                + (given.isEmpty ? "" : "; found " + given.map(\.rawValue).joined(separator: " and ")))
            return nil
        }
        let deadband = (kind == .rulBelow ? element.child("deadband").duration() : element.child("deadband").double()) ?? 0
        if deadband < 0 { reader.report(element.child("deadband").node, element.path + ".deadband", "must not be negative") }
        let condition: RuleCondition?
        let node = element.child(kind.rawValue)
        switch kind {
        case .above: condition = node.double(required: true).map { .threshold(.above, limit: $0, deadband: deadband) }
        case .below: condition = node.double(required: true).map { .threshold(.below, limit: $0, deadband: deadband) }
        case .rateAbove: condition = node.double(required: true).map { .rateOfChange(.above, limit: $0, deadband: deadband) }
        case .rateBelow: condition = node.double(required: true).map { .rateOfChange(.below, limit: $0, deadband: deadband) }
        case .anomalyAbove:
            let text = element.child("direction").string() ?? "up"
            let direction = AnomalyDirection(rawValue: text)
            if direction == nil {
                reader.report(element.child("direction").node, element.path + ".direction", "expected up, down or both, found '\(text)'")
            }
            condition = node.double(required: true).map { .anomaly(level: $0, deadband: deadband, direction: direction ?? .up) }
        case .rulBelow:
            let boundText = element.child("rul_bound").string() ?? "lower"
            let bound = RuleCondition.LifeBound(rawValue: boundText)
            if bound == nil {
                reader.report(element.child("rul_bound").node, element.path + ".rul_bound", "expected lower or median, found '\(boundText)'")
            }
            condition = node.duration(required: true).map { .remainingLife(below: $0, bound: bound ?? .lower, deadband: deadband) }
        case .noData: condition = node.duration(required: true).map { .noData(seconds: $0) }
        case .stuck:
            let tolerance = element.child("stuck_tolerance").double() ?? 0
            condition = node.duration(required: true).map { .stuck(seconds: $0, tolerance: tolerance) }
        case .sensorFault:
            if node.bool() != true {
                reader.report(node.node, element.path + ".sensor_fault", "write sensor_fault: true")
            }
            condition = .sensorFault
        case .communicationLost:
            if node.bool() != true {
                reader.report(node.node, element.path + ".communication_lost", "write communication_lost: true")
            }
            condition = .communicationLost
        case .outOfRange:
            condition = node.range().map { .outOfRange(low: $0.lowerBound, high: $0.upperBound) }
        }
        if kind != .anomalyAbove && element.child("direction").exists {
            reader.report(element.child("direction").node, element.path + ".direction", "applies to anomaly_above rules only")
        }
        if kind == .rulBelow {
            if channel != nil { reader.report(element.child("channel").node, element.path + ".channel", "a rul_below rule watches the asset's remaining life, not a channel") }
        } else if kind == .communicationLost {
            if channel != nil {
                reader.report(element.child("channel").node, element.path + ".channel",
                              "a communication_lost rule watches the asset's data source, not a channel")
            }
        } else if channel == nil {
            reader.report(element.node, element.path + ".channel", "is required")
        }
        var priority = Priority.medium
        if let text = element.child("priority").string() {
            if let known = priorities[text] { priority = known } else { reportUnknownPriority(text, element.child("priority"), priorities) }
        } else if let medium = priorities["medium"] {
            priority = medium
        }
        var severity: [AlarmRule.SeverityStep] = []
        for step in element.child("severity").elements() {
            step.checkKeys(["at", "priority"])
            guard let at = kind == .rulBelow ? step.child("at").duration(required: true) : step.child("at").double(required: true),
                  let text = step.child("priority").string(required: true) else { continue }
            guard let stepPriority = priorities[text] else {
                reportUnknownPriority(text, step.child("priority"), priorities)
                continue
            }
            severity.append(.init(limit: at, priority: stepPriority))
        }
        if !severity.isEmpty, condition?.isSensorHealth == true {
            reader.report(element.child("severity").node, element.path + ".severity", "applies to limit conditions only")
        }
        let escalation = element.child("escalation").string()
        if let escalation, policies[escalation] == nil {
            reader.report(element.child("escalation").node, element.path + ".escalation", "unknown escalation policy '\(escalation)'"
                + (policies.isEmpty ? " (escalation is empty)" : " (known: " + policies.keys.sorted().joined(separator: ", ") + ")"))
        }
        let suppress = element.child("suppress_when").exists ? Set(element.child("suppress_when").strings()) : ["stopped", "maintenance"]
        guard let name, let condition else { return nil }
        return AlarmRule(name: name, channel: kind == .rulBelow ? nil : channel, condition: condition,
                         assets: element.child("assets").strings(), priority: priority, severity: severity,
                         onDelay: element.child("on_delay").duration() ?? 0, offDelay: element.child("off_delay").duration() ?? 0,
                         latched: element.child("latched").bool() ?? false, escalation: escalation, suppressedIn: suppress,
                         message: element.child("message").string().flatMap { $0.isEmpty ? nil : $0 }
                             ?? condition.summary(channel: kind == .rulBelow ? nil : channel))
    }

    static func readOverride(_ node: ConfigNode, assets: [String], priorities: [String: Priority]) -> RuleOverride? {
        node.checkKeys(["limit", "deadband", "priority", "on_delay", "off_delay", "escalation", "enabled"])
        var override = RuleOverride(assets: assets)
        override.enabled = node.child("enabled").bool() ?? true
        override.limit = node.child("limit").double()
        override.deadband = node.child("deadband").double()
        override.onDelay = node.child("on_delay").duration()
        override.offDelay = node.child("off_delay").duration()
        override.escalation = node.child("escalation").string()
        if let text = node.child("priority").string() {
            if let priority = priorities[text] { override.priority = priority } else {
                reportUnknownPriority(text, node.child("priority"), priorities)
            }
        }
        return override
    }

    static func reportUnknownPriority(_ name: String, _ node: ConfigNode, _ priorities: [String: Priority]) {
        node.reader.report(node.node, node.path, "unknown priority '\(name)' (known: "
            + priorities.values.sorted(by: >).map(\.name).joined(separator: ", ") + ")")
    }
}
