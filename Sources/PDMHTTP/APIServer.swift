import AlarmEngine
import AlarmStore
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import PDMConfig
import Payloads
import ServiceLifecycle
import Signals
import Synchronization

/// The HTTP API of `pdm run`: alarms with their journals, operator commands (bearer tokens; every
/// action journaled with the token's user), notifications and remote actions, health and
/// readiness. Commands go through the service's command queue, the same path as `pdm alarms`.
package struct APIServer: Service, Sendable {
    private let settings: HTTPSettings
    private let database: any StateStore
    private let readiness: Readiness
    private let performCommand: (@Sendable (OperatorCommand) async throws -> CommandOutcome)?
    private let notificationsChanged: @Sendable () -> Void
    private let logger: Logger
    private let onListening: @Sendable (Int) async -> Void
    private let metrics: @Sendable () -> [UInt8]
    private let hub: LiveHub
    private let kpi: KPISettings
    private let indicators: @Sendable (String?) -> [String: [String: ChannelFeatures]]
    private let placement: @Sendable (String) -> (area: String, assetClass: String?)
    private let ruleChannel: @Sendable (String) -> String?
    private let ticketLink: @Sendable (_ receiver: String, _ fields: [String: String]) -> String?
    private let access: AccessControl

    /// - Parameters:
    ///   - readiness: what `/readyz` reports.
    ///   - perform: applies an operator command and answers once its consequences are committed
    ///     (the running service's command service); nil queues commands for a service to take.
    ///   - notificationsChanged: called when remote actions were confirmed, so the outbox delivers them.
    ///   - indicators: the latest streaming features by asset and channel, of one asset or of all (`nil`).
    ///   - placement: an asset's area and class, for the fleet page.
    ///   - ruleChannel: the channel a rule watches (nil for a remaining-life rule), for the unit of its value.
    ///   - ticketLink: where to open a ticket a receiver made, from its captured fields.
    ///   - kpi: the stale age and priority targets of `/api/v1/kpis`.
    ///   - metrics: the Prometheus text exposition served at `/metrics`.
    ///   - onListening: called with the bound port once the server listens.
    package init(settings: HTTPSettings, database: any StateStore, readiness: Readiness, hub: LiveHub = LiveHub(),
                indicators: @escaping @Sendable (String?) -> [String: [String: ChannelFeatures]] = { _ in [:] },
                placement: @escaping @Sendable (String) -> (area: String, assetClass: String?) = { _ in ("plant", nil) },
                ruleChannel: @escaping @Sendable (String) -> String? = { _ in nil },
                ticketLink: @escaping @Sendable (_ receiver: String, _ fields: [String: String]) -> String? = { _, _ in nil },
                kpi: KPISettings = KPISettings(),
                perform: (@Sendable (OperatorCommand) async throws -> CommandOutcome)? = nil,
                notificationsChanged: @escaping @Sendable () -> Void = {}, logger: Logger,
                metrics: @escaping @Sendable () -> [UInt8] = { [] },
                onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.metrics = metrics
        self.hub = hub
        self.kpi = kpi
        self.indicators = indicators
        self.placement = placement
        self.ruleChannel = ruleChannel
        self.ticketLink = ticketLink
        self.settings = settings
        self.access = AccessControl(settings: settings)
        self.database = database
        self.readiness = readiness
        self.performCommand = perform
        self.notificationsChanged = notificationsChanged
        self.logger = logger
        self.onListening = onListening
    }

    package func run() async throws {
        let logger = logger
        let onListening = onListening
        // Bounded: connections at once, time to send a request head, size of heads and bodies. A
        // malformed request gets 400, an oversized head 431, an oversized body 413, a silent
        // connection 408 and is closed.
        let settings = settings
        let idle = TimeAmount.milliseconds(Int64((settings.idleTimeout * 1000).rounded()))
        let http1 = HTTP1Channel.Configuration(
            idleTimeout: idle,
            httpDecoderConfiguration: .init(maxHeaderFieldSize: settings.maxHeaderBytes, maxHeaderListSize: settings.maxHeaderBytes,
                                            maxHeaderFieldCount: 200))
        let liveResponder = makeLiveRouter().buildResponder()
        let server = HTTPServerBuilder { responder in
            GuardedChildChannel(inner: HTTP1WebSocketUpgradeChannel(responder: responder, webSocketResponder: liveResponder,
                                                                    configuration: .init(http1: http1)),
                                headDeadline: idle)
        }
        let app = Application(
            router: makeRouter(),
            server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(settings.host, port: settings.port), serverName: "pdm",
                availableConnectionsDelegate: MaximumAvailableConnections(settings.maxConnections, logger: logger)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("HTTP API listening", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "?")"])
                await onListening(port)
            },
            logger: logger)
        try await app.run()
    }

    /// `/api/v1/live`: a WebSocket of JSON updates, `{"type":"alarm","event":…}` and
    /// `{"type":"rul","estimate":…}`, from the moment of connection.
    func makeLiveRouter() -> Router<BasicWebSocketRequestContext> {
        let router = Router(context: BasicWebSocketRequestContext.self)
        let hub = hub
        let access = access
        // Same origin only (a browser page elsewhere must not read the feed with the user's
        // session), and the token when the service requires one.
        router.ws("api/v1/live", shouldUpgrade: { request, _ in
            guard AccessControl.isSameOrigin(request) else { return .dontUpgrade }
            // `authorize` answers nil (no token needed) or a grant, and throws when refused.
            do {
                _ = try access.authorize(request, needs: .viewer)
            } catch {
                return .dontUpgrade
            }
            return .upgrade([:])
        }) { inbound, outbound, _ in
            let (id, updates) = hub.subscribe()
            defer { hub.unsubscribe(id) }
            let forwarding = Task {
                for await text in updates { try await outbound.write(.text(text)) }
            }
            defer { forwarding.cancel() }
            // The client says nothing; its stream ends when it goes.
            for try await _ in inbound {}
        }
        return router
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let database = database
        let readiness = readiness
        let ruleChannel = ruleChannel
        let latest = hub
        /// An alarm with the unit of its value: its channel's, or for a remaining-life rule the
        /// unit of the asset's estimates.
        let view: @Sendable (Alarm) -> AlarmPayload = { alarm in
            let channel = ruleChannel(alarm.key.rule)
            let unit = channel.map { ChannelUnit.of($0) } ?? latest.latest()[alarm.key.asset]?.unit
            return AlarmPayload(alarm, channel: channel, unit: unit)
        }
        router.get("healthz") { _, _ in Status(status: "ok") }
        router.get("readyz") { _, _ -> Response in
            let state = await readiness.check(database: database)
            return try Self.json(state, status: state.ready ? .ok : .serviceUnavailable)
        }
        let metrics = metrics
        router.get("metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: metrics())))
        }
        // The console: everything it needs comes from here.
        let policy = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:"
        switch ConsoleAssets.load().files {
        case .success(let files):
            for file in files {
                router.get(RouterPath(file.path)) { _, _ -> Response in
                    Response(status: .ok,
                             headers: [.contentType: file.contentType, .contentSecurityPolicy: policy, .cacheControl: "no-cache"],
                             body: .init(byteBuffer: ByteBuffer(bytes: file.body)))
                }
            }
        case .failure(let unavailable):
            logger.error("console not served", metadata: ["reason": "\(unavailable)"])
            for name in ConsoleAssets.names {
                router.get(RouterPath(name.path)) { _, _ -> Response in
                    Response(status: .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
                             body: .init(byteBuffer: ByteBuffer(string: "\(unavailable)\n")))
                }
            }
        }
        let openAPI = OpenAPIDocument.load()
        if case .failure(let unavailable) = openAPI {
            logger.error("OpenAPI document not served", metadata: ["reason": "\(unavailable)"])
        }
        router.get("openapi.json") { _, _ -> Response in
            switch openAPI {
            case .success(let bytes):
                Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            case .failure(let unavailable):
                Response(status: .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
                         body: .init(byteBuffer: ByteBuffer(string: "\(unavailable)\n")))
            }
        }
        let access = access
        let api = router.group("api/v1").add(middleware: ReadAccess(access: access))
        api.get("alarms") { request, _ -> Response in
            let query = request.uri.queryParameters
            var filter = AlarmFilter(limit: min(query.get("limit", as: Int.self) ?? 100, 1000),
                                     offset: max(query.get("offset", as: Int.self) ?? 0, 0))
            for text in query.getAll("state") {
                guard let state = AlarmState(rawValue: text) else {
                    throw HTTPError(.badRequest, message: "unknown state '\(text)' (known: "
                        + AlarmState.allCases.map(\.rawValue).joined(separator: ", ") + ")")
                }
                filter.states.append(state)
            }
            if filter.states.isEmpty, query.get("all") != "true" {
                filter.states = AlarmState.allCases.filter { $0 != .normal }
            }
            if let name = query.get("priority") {
                guard let priority = Priority.standard.first(where: { $0.name == name }) else {
                    throw HTTPError(.badRequest, message: "unknown priority '\(name)'")
                }
                filter.minimumRank = priority.rank
            }
            filter.asset = query.get("asset")
            let alarms = try await database.perform(.alarms(filter))
            return try Self.json(AlarmPage(alarms: alarms.map(view), limit: filter.limit, offset: filter.offset))
        }
        api.get("alarms/:asset/:rule") { _, context -> Response in
            let key = try Self.key(context)
            guard let alarm = try await database.perform(.alarm(key)) else { throw HTTPError(.notFound, message: "no alarm \(key)") }
            let detail = AlarmDetail(
                alarm: view(alarm), journal: try await database.perform(.journal(for: key)).map(JournalView.init),
                notifications: try await database.perform(.notifications(for: key)).filter { $0.intent.occurrence == alarm.occurrence }
                    .map(NotificationView.init),
                tickets: try await database.perform(.tickets(for: key, occurrence: alarm.occurrence)))
            return try Self.json(detail)
        }
        let maxBodyBytes = settings.maxBodyBytes
        for action in ["ack", "acknowledge", "shelve", "unshelve", "reset", "comment"] {
            api.post("alarms/:asset/:rule/\(action)") { request, context -> Response in
                let grant = try access.authenticate(request)
                let key = try Self.key(context)
                let bytes = try await Self.bytes(request, maxBodyBytes: maxBodyBytes)
                // An unknown alarm is 404 whatever the body says (beyond its size).
                guard try await database.perform(.alarm(key)) != nil else { throw HTTPError(.notFound, message: "no alarm \(key)") }
                let body = try Self.decode(bytes)
                let command = try Self.command(action, key: key, user: grant.user, body: body, now: Date().timeIntervalSince1970)
                try access.check(grant, may: Role.required(for: command), "\(action)")
                return try await perform(command)
            }
        }
        api.post("alarms/:asset/:rule/confirm") { request, context -> Response in
            let grant = try access.authenticate(request)
            try access.check(grant, may: .operator, "confirm")
            let key = try Self.key(context)
            guard try await database.perform(.alarm(key)) != nil else { throw HTTPError(.notFound, message: "no alarm \(key)") }
            let body = try await Self.body(request, context: context, maxBodyBytes: maxBodyBytes)
            let confirmed = try await database.perform(.confirmActions(key, receiver: body.receiver, user: grant.user, comment: body.comment,
                                                        now: Date().timeIntervalSince1970))
            guard !confirmed.isEmpty else { throw HTTPError(.conflict, message: "no action waits for confirmation on \(key)") }
            notificationsChanged()
            return try Self.json(CommandOutcomeView(status: "confirmed", result: confirmed.map(\.receiver).joined(separator: ", "),
                                                command_id: nil))
        }
        let hub = hub
        let indicators = indicators
        let placement = placement
        let ticketLink = ticketLink
        api.get("assets") { _, _ -> Response in
            let estimates = hub.latest()
            let indicators = indicators(nil)
            var annunciated: [String: [Alarm]] = [:]
            for alarm in try await database.perform(.alarms(AlarmFilter(limit: Int.max))) where alarm.state != .normal {
                annunciated[alarm.key.asset, default: []].append(alarm)
            }
            let assets = Set(estimates.keys).union(indicators.keys).union(annunciated.keys).sorted()
            var views: [AssetView] = []
            for asset in assets {
                let alarms = annunciated[asset] ?? []
                var tickets: [AssetView.Ticket] = []
                for alarm in alarms {
                    for (receiver, fields) in try await database.perform(.tickets(for: alarm.key, occurrence: alarm.occurrence)).sorted(by: { $0.key < $1.key }) {
                        tickets.append(.init(rule: alarm.key.rule, receiver: receiver, fields: fields,
                                             url: ticketLink(receiver, fields)))
                    }
                }
                let place = placement(asset)
                views.append(AssetView(asset: asset, area: place.area, asset_class: place.assetClass, rul: estimates[asset],
                                 indicators: AssetView.Indicator.list(indicators[asset]), active_alarms: alarms.count,
                                 alarms_by_priority: alarms.reduce(into: [:]) { $0[$1.priority.name, default: 0] += 1 },
                                 priority_rank: alarms.map(\.priority.rank).max() ?? 0, tickets: tickets))
            }
            return try Self.json(views)
        }
        api.get("assets/:asset") { _, context -> Response in
            let asset = try context.parameters.require("asset")
            let history = hub.history(of: asset)
            let indicators = AssetView.Indicator.list(indicators(asset)[asset])
            let alarms = try await database.perform(.alarms(AlarmFilter(asset: asset, limit: 1000))).filter { $0.key.asset == asset }
            guard !history.isEmpty || !indicators.isEmpty || !alarms.isEmpty else {
                throw HTTPError(.notFound, message: "no asset \(asset)")
            }
            let place = placement(asset)
            return try Self.json(AssetDetail(asset: asset, area: place.area, asset_class: place.assetClass,
                                             estimates: history, indicators: indicators,
                                             alarms: alarms.map(view)))
        }
        let kpi = kpi
        api.get("kpis") { request, _ -> Response in
            let text = request.uri.queryParameters.get("hours")
            guard let hours = text.map(Double.init) ?? 24, hours > 0, hours <= 24 * 366 else {
                throw HTTPError(.badRequest, message: "'hours' must be a number of hours between 0 and 8784")
            }
            let end = Date().timeIntervalSince1970
            let start = end - hours * 3600
            let kpis = try await database.perform(.kpis(from: start, to: end, staleAfter: kpi.staleAfter, targets: kpi.priorityTargets))
            return try Self.json(KPIView(kpis, start: start, end: end, staleAfter: kpi.staleAfter))
        }
        api.get("notifications") { request, _ -> Response in
            let dead = request.uri.queryParameters.get("dead") == "true"
            let entries = dead ? try await database.perform(.deadLetters()) : try await database.perform(.pendingNotifications())
            return try Self.json(entries.map(NotificationView.init))
        }
        return router
    }

    /// Has the service apply a command and answers with its outcome; without a service, queues it.
    private func perform(_ command: OperatorCommand) async throws -> Response {
        let outcome: CommandOutcome
        if let performCommand {
            outcome = try await performCommand(command)
        } else {
            let id = try await database.perform(.enqueue(command, now: Date().timeIntervalSince1970))
            outcome = CommandOutcome(status: .pending, result: "queued for the service", id: id)
        }
        switch outcome.status {
        case .applied:
            return try Self.json(CommandOutcomeView(outcome, status: "applied"))
        case .refused:
            return try Self.json(CommandOutcomeView(outcome, status: "refused"), status: .conflict)
        case .pending:
            return try Self.json(CommandOutcomeView(outcome, status: "queued"), status: .accepted)
        case .failed, .invalid, .unauthorized, .forbidden:
            throw HTTPError(.serviceUnavailable, message: "the command was not applied: \(outcome.result)")
        }
    }

    // MARK: - Plumbing

    static func key(_ context: BasicRequestContext) throws -> AlarmKey {
        AlarmKey(asset: try context.parameters.require("asset"), rule: try context.parameters.require("rule"))
    }

    static func body(_ request: Request, context: BasicRequestContext, maxBodyBytes: Int) async throws -> CommandBody {
        try decode(await bytes(request, maxBodyBytes: maxBodyBytes))
    }

    /// The request body, refused with 413 beyond `maxBodyBytes`.
    static func bytes(_ request: Request, maxBodyBytes: Int) async throws -> ByteBuffer {
        var request = request
        return try await request.collectBody(upTo: maxBodyBytes)
    }

    /// A command body from its bytes (none is an empty body), refused with 400 when it is not one.
    static func decode(_ buffer: ByteBuffer) throws -> CommandBody {
        guard buffer.readableBytes > 0 else { return CommandBody() }
        do {
            return try JSONDecoder().decode(CommandBody.self, from: Data(buffer.readableBytesView))
        } catch {
            throw HTTPError(.badRequest, message: "the body is not a valid command: \(error)")
        }
    }

    static func command(_ action: String, key: AlarmKey, user: String, body: CommandBody, now: Double) throws -> OperatorCommand {
        switch action {
        case "ack", "acknowledge": return .acknowledge(key, user: user, comment: body.comment)
        case "unshelve": return .unshelve(key, user: user, comment: body.comment)
        case "reset": return .reset(key, user: user, comment: body.comment)
        case "comment":
            guard let text = body.comment ?? body.text, !text.isEmpty else {
                throw HTTPError(.badRequest, message: "'comment' is required")
            }
            return .comment(key, user: user, text: text)
        default:
            var until = body.until
            if let duration = body.duration {
                guard let seconds = DurationText.seconds(duration), seconds > 0 else {
                    throw HTTPError(.badRequest, message: "'duration' must be a duration like 30m or 2h, found '\(duration)'")
                }
                until = now + seconds
            }
            guard let reason = body.reason ?? body.comment, !reason.isEmpty else {
                throw HTTPError(.badRequest, message: "'reason' is required to shelve")
            }
            return .shelve(key, user: user, until: until, reason: reason)
        }
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Bodies of command requests.
struct CommandBody: Decodable, Sendable {
    var comment: String?
    var text: String?
    var reason: String?
    var duration: String?
    var until: Double?
    var receiver: String?
}

/// A command's outcome as the API answers it.
struct CommandOutcomeView: Encodable, Sendable {
    var status: String
    var result: String
    var command_id: Int64?

    init(status: String, result: String, command_id: Int64?) {
        self.status = status
        self.result = result
        self.command_id = command_id
    }

    init(_ outcome: CommandOutcome, status: String) {
        self.init(status: status, result: outcome.result, command_id: outcome.id)
    }
}

struct AlarmPage: Encodable, Sendable {
    var alarms: [AlarmPayload]
    var limit: Int
    var offset: Int
}

struct AlarmDetail: Encodable, Sendable {
    var alarm: AlarmPayload
    var journal: [JournalView]
    var notifications: [NotificationView]
    var tickets: [String: [String: String]]
}

struct Status: ResponseEncodable, Sendable {
    var status: String
}
