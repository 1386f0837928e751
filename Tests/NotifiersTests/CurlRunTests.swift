import Foundation
@testable import Notifiers
import Testing
import TestSupport

/// Runs of requests on libcurl's thread, against a real HTTP receiver: a bounded window, one answer
/// per started request, withdrawal, and a caller that goes away.
@Suite("Request runs on the libcurl thread")
struct CurlRunTests {
    private func requests(_ receiver: HTTPReceiver, _ count: Int) -> [WebhookRequest] {
        (0..<count).map { index in
            WebhookRequest(method: "POST", url: "http://127.0.0.1:\(receiver.port)/hook", headers: [("X-Index", "\(index)")],
                           body: Array(#"{"n": \#(index)}"#.utf8))
        }
    }

    /// Every answer of a run, in the order they came.
    private func collect(_ run: CurlRun) async -> [CurlRun.Answer] {
        var all: [CurlRun.Answer] = []
        while let answers = await run.answers() { all += answers }
        return all
    }

    @Test func everyRequestIsAnsweredOnceWithinTheWindow() async throws {
        let receiver = try await HTTPReceiver()
        receiver.respond { _ in .delayed(0.01, .status(200)) }
        let client = CurlClient(maximumConnections: 8)
        let answers = await collect(client.run(requests(receiver, 30), receiver: "cmms", timeout: 5, window: 3))
        #expect(answers.map(\.index).sorted() == Array(0..<30))
        #expect(answers.allSatisfy { (try? $0.outcome.get().status) == 200 })
        #expect(receiver.requests.count == 30)
        // The window bounds the connections: never more than three requests were open at once.
        #expect(Set(receiver.requests.compactMap(\.clientPort)).count <= 3)
    }

    @Test func requestsAddedWhileTheRunGoesAreSentAndTheAnswersEndOnceItIsClosed() async throws {
        let receiver = try await HTTPReceiver()
        let client = CurlClient(maximumConnections: 8)
        let all = requests(receiver, 25)
        let run = client.run([], closed: false, receiver: "cmms", timeout: 5, window: 4)
        run.add(Array(all[0..<4]))
        // The first ones go out before more are added.
        _ = await receiver.waitForRequests(4)
        run.add(Array(all[4..<20]))
        run.add([])
        run.add(Array(all[20...]))
        run.close()
        let answers = await collect(run)
        #expect(answers.map(\.index).sorted() == Array(0..<25))
        #expect(Set(receiver.requests.compactMap { $0.header("X-Index") }) == Set((0..<25).map(String.init)))
    }

    @Test func aWithdrawnRunStartsNothingMoreAndAnswersWhatItStarted() async throws {
        let receiver = try await HTTPReceiver()
        let client = CurlClient(maximumConnections: 8)
        let run = client.run([], closed: false, receiver: "cmms", timeout: 30, window: 2)
        // Withdrawn when the first request arrives, before any is answered: on the receiver's
        // thread, whatever the test's tasks are waiting for.
        receiver.respond { _ in
            run.withdraw()
            return .delayed(0.2, .status(503))
        }
        // Both slots are taken at once, before the first request reaches the receiver.
        run.add(requests(receiver, 20))
        run.close()
        let answers = await collect(run)
        #expect(answers.map(\.index).sorted() == [0, 1])
        #expect(answers.allSatisfy { (try? $0.outcome.get().status) == 503 })
        #expect(receiver.requests.count == 2)
    }

    @Test func aCancelledCallerStillHearsOfEveryRequestItStarted() async throws {
        let receiver = try await HTTPReceiver()
        receiver.respond { _ in .delayed(30, .status(200)) }
        let client = CurlClient(maximumConnections: 8)
        let run = client.run(requests(receiver, 10), receiver: "cmms", timeout: 60, window: 4)
        let waiting = Task {
            await withTaskCancellationHandler { await collect(run) } onCancel: { run.abandon() }
        }
        _ = await receiver.waitForRequests(4)
        waiting.cancel()
        let answers = await waiting.value
        #expect(answers.map(\.index).sorted() == [0, 1, 2, 3])
        for answer in answers {
            guard case .failure(let error) = answer.outcome, case .connection(let reason) = error.reason else {
                Issue.record("answer \(answer.index) is not a cancelled exchange: \(answer.outcome)")
                continue
            }
            #expect(reason == "cancelled")
        }
    }
}
