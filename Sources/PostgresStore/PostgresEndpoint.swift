import Foundation
import NIOSSL
import PostgresNIO

/// Where the PostgreSQL store lives, read from `postgres://user:password@host:port/database?sslmode=…`.
package struct PostgresEndpoint: Sendable, Hashable {
    package enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS, with the server's certificate verified.
        case require
    }

    package var host: String
    package var port: Int
    package var user: String
    package var password: String?
    package var database: String
    package var tls: TLSMode

    package init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String,
                 tls: TLSMode = .prefer) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Reads a `postgres://` (or `postgresql://`) URL; the error says what is wrong with it,
    /// without repeating the password.
    package init(url: String) throws(PostgresEndpointError) {
        guard !url.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw PostgresEndpointError("contains a control character")
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "postgres" || scheme == "postgresql" else {
            throw PostgresEndpointError("not a postgres:// URL")
        }
        guard let host = components.host, !host.isEmpty else { throw PostgresEndpointError("no host") }
        guard let user = components.user, !user.isEmpty else { throw PostgresEndpointError("no user (postgres://USER@host/database)") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresEndpointError("no database name (postgres://user@host/DATABASE)")
        }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let mode = TLSMode(rawValue: value) else {
                    throw PostgresEndpointError("sslmode must be one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                tls = mode
            default:
                throw PostgresEndpointError("unknown parameter \(item.name) (known: sslmode)")
            }
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw PostgresEndpointError("port \(port) is out of range") }
        self.init(host: host, port: port, user: user.removingPercentEncoding ?? user,
                  password: components.password.map { $0.removingPercentEncoding ?? $0 }, database: database, tls: tls)
    }

    /// The address without the password, for logs and answers.
    package var redacted: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}

/// A PostgreSQL URL that cannot be used, and why.
package struct PostgresEndpointError: Error, Sendable, Hashable, CustomStringConvertible {
    package var reason: String

    init(_ reason: String) { self.reason = reason }

    package var description: String { "storage.postgres.url: \(reason)" }
}

extension PostgresEndpoint.TLSMode {
    var clientTLS: PostgresClient.Configuration.TLS {
        switch self {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }
}
