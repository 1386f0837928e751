import AlarmEngine
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PDMConfig

/// `pdm alarms` actions through the running service's HTTP API, when it has one and a token is given.
extension AlarmsCommand {
    /// The API call for a command: its action path and JSON body; nil for commands the API does not take.
    static func apiCall(for command: OperatorCommand) -> (action: String, body: [String: Any])? {
        switch command {
        case .acknowledge(_, _, let comment): return ("ack", comment.map { ["comment": $0] } ?? [:])
        case .shelve(_, _, let until, let reason):
            var body: [String: Any] = ["reason": reason]
            if let until { body["until"] = until }
            return ("shelve", body)
        case .unshelve(_, _, let comment): return ("unshelve", comment.map { ["comment": $0] } ?? [:])
        case .reset(_, _, let comment): return ("reset", comment.map { ["comment": $0] } ?? [:])
        case .comment(_, _, let text): return ("comment", ["comment": text])
        case .removeFromService, .returnToService: return nil
        }
    }

    enum APIOutcome {
        case applied(String)
        case refused(String)
        /// No answer from the API (not running, not reachable): use the database instead.
        case unreachable(String)
    }

    /// Sends a command to `http://host:port/api/v1/alarms/<asset>/<rule>/<action>` with the token.
    static func send(_ command: OperatorCommand, token: String, http: HTTPSettings) -> APIOutcome? {
        guard let call = apiCall(for: command) else { return nil }
        let key = command.key
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let asset = key.asset.addingPercentEncoding(withAllowedCharacters: allowed) ?? key.asset
        let rule = key.rule.addingPercentEncoding(withAllowedCharacters: allowed) ?? key.rule
        let host = http.host == "0.0.0.0" ? "127.0.0.1" : http.host
        guard let url = URL(string: "http://\(host):\(http.port)/api/v1/alarms/\(asset)/\(rule)/\(call.action)") else {
            return .unreachable("invalid API address")
        }
        var request = URLRequest(url: url, timeoutInterval: 15)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try? JSONSerialization.data(withJSONObject: call.body)
        let answer = Once()
        URLSession.shared.dataTask(with: request) { data, response, error in
            guard let http = response as? HTTPURLResponse, let data else {
                answer.set(.unreachable(error.map { "\($0.localizedDescription)" } ?? "no answer"))
                return
            }
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            let result = object?["result"] as? String
                ?? ((object?["error"] as? [String: Any])?["message"] as? String) ?? String(decoding: data, as: UTF8.self)
            answer.set(http.statusCode == 200 ? .applied(result) : .refused("HTTP \(http.statusCode): \(result)"))
        }.resume()
        return answer.wait()
    }

    /// A value set once by a callback and awaited by the command line.
    private final class Once: @unchecked Sendable {
        // @unchecked Sendable: `value` is written once before `done` is signalled and read after it.
        private var value: APIOutcome?
        private let done = DispatchSemaphore(value: 0)

        func set(_ outcome: APIOutcome) {
            value = outcome
            done.signal()
        }

        func wait() -> APIOutcome {
            done.wait()
            return value ?? .unreachable("no answer")
        }
    }
}

extension OperatorCommand {
    /// Who gives the command.
    var user: String {
        switch self {
        case .acknowledge(_, let user, _), .shelve(_, let user, _, _), .unshelve(_, let user, _), .reset(_, let user, _),
             .comment(_, let user, _), .removeFromService(_, let user, _), .returnToService(_, let user, _):
            user
        }
    }
}
