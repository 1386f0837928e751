import Foundation
import Notifiers
import Testing
import TestSupport

@Suite("The webhook transport (libcurl's multi interface) against a real HTTP receiver")
struct WebhookTransportTests {
    private func post(_ receiver: HTTPReceiver, path: String = "/hook", body: String = #"{"n": 1}"#,
                      headers: [(name: String, value: String)] = [("Content-Type", "application/json")]) -> WebhookRequest {
        WebhookRequest(method: "POST", url: "http://127.0.0.1:\(receiver.port)\(path)", headers: headers, body: Array(body.utf8))
    }

    @Test func requestsInTurnShareOneKeptAliveConnection() async throws {
        let receiver = try await HTTPReceiver()
        let transport = WebhookTransport(timeout: 5, maximumConnections: 4)
        for index in 0..<20 {
            let response = try await transport.send(post(receiver, body: #"{"n": \#(index)}"#), receiver: "cmms")
            #expect(response.status == 200)
        }
        let requests = receiver.requests
        #expect(requests.count == 20)
        #expect(requests.map(\.bodyString) == (0..<20).map { #"{"n": \#($0)}"# })
        #expect(Set(requests.compactMap(\.clientPort)).count == 1)
        // No interim "100 Continue" round trip was asked for.
        #expect(requests.allSatisfy { $0.header("Expect") == nil })
    }

    @Test func requestsInParallelUseAtMostTheConnectionLimit() async throws {
        let receiver = try await HTTPReceiver()
        receiver.respond { _ in .delayed(0.05, .status(200)) }
        let transport = WebhookTransport(timeout: 5, maximumConnections: 3)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<12 {
                group.addTask { try await transport.send(post(receiver, body: "\(index)"), receiver: "cmms").status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 12))
        #expect(receiver.requests.count == 12)
        #expect(Set(receiver.requests.compactMap(\.clientPort)).count <= 3)
    }

    @Test func methodsBodiesAndResponseHeadersTravelAsSent() async throws {
        let receiver = try await HTTPReceiver()
        receiver.respond { request in
            request.method == "GET" ? .status(200, body: #"{"id": "WO-7"}"#, headers: [("X-Ticket", "WO-7")])
                : .status(201, body: "", headers: [("Location", "/tickets/WO-7")])
        }
        let transport = WebhookTransport(timeout: 5)
        let put = try await transport.send(WebhookRequest(method: "PUT", url: "http://127.0.0.1:\(receiver.port)/tickets/WO-7",
                                                          headers: [("Content-Type", "application/json")],
                                                          body: Array(#"{"state": "closed"}"#.utf8)), receiver: "cmms")
        #expect(put.status == 201 && put.headers["location"] == "/tickets/WO-7")
        let get = try await transport.send(WebhookRequest(method: "GET", url: "http://127.0.0.1:\(receiver.port)/tickets/WO-7"),
                                           receiver: "cmms")
        #expect(get.status == 200 && get.headers["x-ticket"] == "WO-7")
        #expect(String(decoding: get.body, as: UTF8.self) == #"{"id": "WO-7"}"#)
        let seen = receiver.requests
        #expect(seen.map(\.method) == ["PUT", "GET"])
        #expect(seen.first?.bodyString == #"{"state": "closed"}"#)
        #expect(seen.last?.body.isEmpty == true)
    }

    @Test func anErrorStatusCarriesItsBodyAndRetryAfter() async throws {
        let receiver = try await HTTPReceiver()
        receiver.respond { _ in .status(503, body: "maintenance window", headers: [("Retry-After", "7")]) }
        let transport = WebhookTransport(timeout: 5)
        let error = await #expect(throws: NotifierError.self) { try await transport.send(post(receiver), receiver: "cmms") }
        #expect(error?.reason == .status(503, body: "maintenance window"))
        #expect(error?.retryAfter == 7)
        #expect(error?.isPermanent == false)
    }

    @Test func aHeaderWithALineBreakIsRefusedAndNothingIsSent() async throws {
        let receiver = try await HTTPReceiver()
        let transport = WebhookTransport(timeout: 5)
        let request = post(receiver, headers: [("X-Note", "a\r\nX-Injected: yes")])
        let error = await #expect(throws: NotifierError.self) { try await transport.send(request, receiver: "cmms") }
        #expect(error?.isPermanent == true)
        #expect(error?.description.contains("line break") == true)
        // The transport still works, and the refused request never reached the receiver.
        #expect(try await transport.send(post(receiver, path: "/after"), receiver: "cmms").status == 200)
        #expect(receiver.requests.map(\.uri) == ["/after"])
    }

    @Test func aURLOtherThanHTTPIsRefused() async throws {
        let transport = WebhookTransport(timeout: 5)
        for url in ["file:///etc/passwd", "ftp://127.0.0.1/x", "not a url"] {
            let error = await #expect(throws: NotifierError.self) {
                try await transport.send(WebhookRequest(method: "POST", url: url), receiver: "cmms")
            }
            #expect(error?.isPermanent == true, "\(url)")
        }
    }

    @Test func aHugeAnswerIsCutToTheLimitAndStillDelivered() async throws {
        let receiver = try await HTTPReceiver()
        let huge = String(repeating: "x", count: 3 << 20)
        receiver.respond { _ in .status(200, body: huge) }
        let transport = WebhookTransport(timeout: 10)
        let response = try await transport.send(post(receiver), receiver: "cmms")
        #expect(response.status == 200)
        #expect(response.body.count == 1 << 20)
    }

    @Test func headersBeyondTheLimitAreDroppedAndTheAnswerStillCounts() async throws {
        let receiver = try await HTTPReceiver()
        let filler = String(repeating: "h", count: 4000)
        let many = (0..<24).map { ("X-Filler-\($0)", filler) }
        receiver.respond { _ in .status(200, body: "{}", headers: [("X-First", "kept")] + many + [("X-Last", "dropped")]) }
        let transport = WebhookTransport(timeout: 10)
        let response = try await transport.send(post(receiver), receiver: "cmms")
        #expect(response.status == 200)
        #expect(response.headers["x-first"] == "kept")
        #expect(response.headers["x-last"] == nil)
        #expect(response.headers.values.reduce(0) { $0 + $1.utf8.count } <= 64 << 10)  // the transport keeps 64 KiB of header lines
    }

    @Test func aCancelledSendEndsWithoutWaitingForTheReceiver() async throws {
        let receiver = try await HTTPReceiver()
        receiver.respond { _ in .delayed(30, .status(200)) }
        let transport = WebhookTransport(timeout: 60)
        let sending = Task { try await transport.send(post(receiver), receiver: "cmms") }
        _ = await receiver.waitForRequests(1)
        sending.cancel()
        let error = await #expect(throws: NotifierError.self) { try await sending.value }
        #expect(error?.reason == .connection("cancelled"))
    }
}
