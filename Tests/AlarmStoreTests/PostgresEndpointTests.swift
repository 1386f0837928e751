@testable import AlarmStore
@testable import PostgresStore
import Testing

@Suite("PostgreSQL endpoint and statement text")
struct PostgresEndpointTests {
    @Test func urlsAreReadWithTheirPartsAndThePasswordKeptOutOfTheAddress() throws {
        let endpoint = try PostgresEndpoint(url: "postgres://pdm:s%3Acret@db.plant.local:6432/alarms?sslmode=require")
        #expect(endpoint == PostgresEndpoint(host: "db.plant.local", port: 6432, user: "pdm", password: "s:cret",
                                             database: "alarms", tls: .require))
        #expect(endpoint.redacted == "postgres://pdm@db.plant.local:6432/alarms")
        let plain = try PostgresEndpoint(url: "postgresql://pdm@127.0.0.1/pdm")
        #expect(plain.port == 5432 && plain.password == nil && plain.tls == .prefer)
    }

    @Test(arguments: [
        ("mysql://pdm@host/db", "not a postgres:// URL"),
        ("postgres://host/db", "no user"),
        ("postgres://pdm@host", "no database name"),
        ("postgres://pdm@host/a/b", "no database name"),
        ("postgres://pdm:secret@host/db?sslmode=always", "sslmode must be one of disable, prefer, require"),
        ("postgres://pdm:secret@host/db?timeout=3", "unknown parameter timeout"),
        ("not a url at all", "not a postgres:// URL"),
        ("postgres://pdm:secret@host:99999/db", "port 99999 is out of range"),
        ("postgres://pdm:secret@host:0/db", "port 0 is out of range"),
        ("postgres://pdm:secret@host/db\u{0}", "contains a control character"),
        ("postgres://pdm:secret@host/db\r\nX: y", "contains a control character"),
        ("postgres://pdm:secret@host/" + String(repeating: "x", count: 100_000) + "?sslmode=none", "sslmode must be one of"),
        ("", "not a postgres:// URL"),
    ])
    func badURLsSayWhatIsWrongWithoutThePassword(_ url: String, _ reason: String) {
        #expect {
            try PostgresEndpoint(url: url)
        } throws: { error in
            let text = "\(error)"
            return text.contains(reason) && !text.contains("secret") && text.hasPrefix("storage.postgres.url: ")
        }
    }

    @Test func argumentsAreNumberedOutsideQuotedText() {
        #expect(PostgresStore.numbered(#"SELECT "user" FROM t WHERE a = ? AND b = '?' AND "c?" IN (?, ?)"#)
                == #"SELECT "user" FROM t WHERE a = $1 AND b = '?' AND "c?" IN ($2, $3)"#)
    }

    @Test func globPatternsBecomeAnchoredExpressions() {
        #expect(StoreDialect.regularExpression(glob: "pump-*") == "^pump-.*$")
        #expect(StoreDialect.regularExpression(glob: "a.b?[xy]*(1)") == #"^a\.b.[xy].*\(1\)$"#)
        #expect(StoreDialect.regularExpression(glob: "*") == "^.*$")
    }
}
