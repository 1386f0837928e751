import MQTTCodec
import Testing

@Suite("Topic filters")
struct TopicFilterTests {
    @Test("matching follows the wildcard rules", arguments: [
        ("sport/tennis/player1/#", "sport/tennis/player1", true),
        ("sport/tennis/player1/#", "sport/tennis/player1/ranking", true),
        ("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true),
        ("sport/#", "sport", true),
        ("#", "anything/at/all", true),
        ("sport/tennis/+", "sport/tennis/player1", true),
        ("sport/tennis/+", "sport/tennis/player1/ranking", false),
        ("sport/+", "sport", false),
        ("sport/+", "sport/", true),
        ("+/+", "/finance", true),
        ("/+", "/finance", true),
        ("+", "/finance", false),
        ("a/b", "a/b", true),
        ("a/b", "a/c", false),
        ("a/b", "a/b/c", false),
        ("+/monitor/Clients", "$SYS/monitor/Clients", false),
        ("#", "$SYS/broker/uptime", false),
        ("$SYS/#", "$SYS/broker/uptime", true),
        ("$SYS/monitor/+", "$SYS/monitor/Clients", true),
        ("plant/+/+/+", "plant/north/pump-1/temp", true),
    ])
    func matching(filter: String, topic: String, expected: Bool) throws {
        #expect(try MQTTTopicFilter(filter).matches(topic) == expected)
    }

    @Test("invalid filters are refused", arguments: ["", "sport/tennis#", "sport/tennis/#/ranking", "sport+", "a/#/"])
    func invalid(filter: String) {
        #expect(throws: MQTTCodecError.self) { try MQTTTopicFilter(filter) }
    }
}
