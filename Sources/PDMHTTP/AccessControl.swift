import AlarmEngine
import Hummingbird
import Foundation
import PDMConfig

/// Who may do what over HTTP. With no token configured the API is read-only and open to reads;
/// with tokens, every read needs a token of any role, and each command the role it requires
/// (``Role/required(for:)``). A token is given as `Authorization: Bearer <token>` (the scheme in
/// any case, RFC 9110) or, for the WebSocket, which browsers cannot give headers, as the
/// `access_token` query parameter (RFC 6750 § 2.3).
struct AccessControl: Sendable {
    let settings: HTTPSettings

    /// Whether requests need a token at all.
    var isRequired: Bool { !settings.tokens.isEmpty }

    /// The grant of the request's token; 401 without a known token.
    func authenticate(_ request: Request) throws -> HTTPSettings.Grant {
        guard let token = Self.token(of: request) else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "a bearer token is required")
        }
        guard let grant = settings.grant(forToken: token) else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "unknown token")
        }
        return grant
    }

    /// 403 unless `grant`'s role may do `what`, which needs `role`.
    func check(_ grant: HTTPSettings.Grant, may role: Role, _ what: String) throws {
        guard grant.role >= role else {
            throw HTTPError(.forbidden, message: "\(what) needs the role \(role); \(grant.user) is \(grant.role)")
        }
    }

    /// The grant for a request that needs `role`; nil when tokens are not in use and `role` is
    /// `viewer` (reads are open then).
    @discardableResult
    func authorize(_ request: Request, needs role: Role) throws -> HTTPSettings.Grant? {
        if !isRequired, role == .viewer { return nil }
        let grant = try authenticate(request)
        try check(grant, may: role, "this request")
        return grant
    }

    static func token(of request: Request) -> String? {
        if let header = request.headers[.authorization] {
            return bearerToken(header)
        }
        return request.uri.queryParameters.get("access_token").flatMap { $0.isEmpty ? nil : String($0) }
    }

    /// The token of an `Authorization: Bearer <token>` header; the scheme is case-insensitive.
    static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// Whether a request's `Origin` (if a browser sent one) is the host it was sent to.
    static func isSameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority, let separator = origin.range(of: "://") else { return false }
        return origin[separator.upperBound...].lowercased() == host.lowercased()
    }
}

/// Reads (`GET`) under `/api/v1` need a token when the service has tokens.
struct ReadAccess<Context: RequestContext>: RouterMiddleware {
    let access: AccessControl

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .get || request.method == .head {
            try access.authorize(request, needs: .viewer)
        }
        return try await next(request, context)
    }
}
