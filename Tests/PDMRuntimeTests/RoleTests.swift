import AlarmEngine
import PDMConfig
import PDMRuntime
import Testing

@Suite("Roles")
struct RoleTests {
    static let key = AlarmKey(asset: "pump-1", rule: "bearing-hot")

    @Test("viewer reads only; operator acknowledges, shelves and comments; admin also resets and takes out of service")
    func commandRoles() {
        let ack = OperatorCommand.acknowledge(Self.key, user: "u", comment: nil)
        let reset = OperatorCommand.reset(Self.key, user: "u", comment: nil)
        let outOfService = OperatorCommand.removeFromService(Self.key, user: "u", reason: "r")
        #expect(!Role.viewer.permits(ack) && Role.operator.permits(ack) && Role.admin.permits(ack))
        #expect(!Role.operator.permits(reset) && Role.admin.permits(reset))
        #expect(!Role.operator.permits(outOfService) && Role.admin.permits(outOfService))
    }

    @Test("tokens carry a role (operator unless said); an unknown role is an error with its place")
    func configuration() throws {
        let yaml = """
            broker: {host: 127.0.0.1, port: 1883}
            subscriptions: [{topic: "p/{asset}/{channel}"}]
            http:
              tokens:
                - {user: ann, token: "0123456789abcdef-ann"}
                - {user: val, token: "0123456789abcdef-val", role: viewer}
            commands: {mqtt: token}
            """
        let parsed = try PDMConfiguration.parse(yaml: yaml, file: "t.yaml", environment: [:])
        #expect(parsed.http.grant(forToken: "0123456789abcdef-ann") == .init(user: "ann", role: .operator))
        #expect(parsed.http.grant(forToken: "0123456789abcdef-val")?.role == .viewer)
        #expect(parsed.commands.mqtt == .token)
        do {
            _ = try PDMConfiguration.parse(yaml: yaml.replacingOccurrences(of: "role: viewer", with: "role: boss"), file: "t.yaml",
                                           environment: [:])
            Issue.record("an unknown role is refused")
        } catch {
            #expect(error.issues.map(\.description).contains { $0.contains("expected viewer, operator or admin, found 'boss'") },
                    "\(error.issues)")
        }
        do {
            _ = try PDMConfiguration.parse(yaml: "broker: {host: h}\nsubscriptions: [{topic: \"p/{asset}/{channel}\"}]\ncommands: {mqtt: token}\n",
                                           file: "t.yaml", environment: [:])
            Issue.record("token mode without tokens is refused")
        } catch {
            #expect(error.issues.map(\.description).contains { $0.contains("'token' needs http.tokens") })
        }
    }

    @Test("MQTT commands in token mode: the token names the user, its role must allow the command")
    func mqttTokens() throws {
        let tokens: [String: HTTPSettings.Grant] = ["t-operator": .init(user: "ann", role: .operator),
                                                    "t-viewer": .init(user: "val", role: .viewer)]
        func parse(_ action: String, _ json: String) throws(InboundCommandError) -> InboundCommand {
            try InboundCommand.parse(action: action, payload: Array(json.utf8), responseTopic: nil, now: 0, tokens: tokens)
        }
        let ack = try parse("ack", #"{"asset": "pump-1", "rule": "bearing-hot", "token": "t-operator"}"#)
        #expect(ack.command == .acknowledge(Self.key, user: "ann", comment: nil))
        #expect(throws: InboundCommandError.self) { try parse("ack", #"{"asset": "pump-1", "rule": "bearing-hot", "user": "ann"}"#) }
        do {
            _ = try parse("ack", #"{"asset": "pump-1", "rule": "bearing-hot", "token": "t-viewer"}"#)
            Issue.record("a viewer cannot acknowledge")
        } catch {
            #expect(error.status == .forbidden)
        }
        do {
            _ = try parse("reset", #"{"asset": "pump-1", "rule": "bearing-hot", "token": "t-operator"}"#)
            Issue.record("an operator cannot reset")
        } catch {
            #expect(error.status == .forbidden && error.description.contains("needs the role admin"))
        }
        do {
            _ = try parse("ack", #"{"asset": "pump-1", "rule": "bearing-hot", "token": "t-operator", "user": "mallory"}"#)
            Issue.record("a user other than the token's is refused")
        } catch {
            #expect(error.status == .unauthorized)
        }
        // Trusted mode (the broker's ACL decides): the payload names the user.
        let trusted = try InboundCommand.parse(action: "ack", payload: Array(#"{"asset": "pump-1", "rule": "bearing-hot", "user": "jo"}"#.utf8),
                                               responseTopic: nil, now: 0)
        #expect(trusted.command == .acknowledge(Self.key, user: "jo", comment: nil))
    }
}
