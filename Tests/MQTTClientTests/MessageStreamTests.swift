@testable import MQTTClient
import MQTTCodec
import NIOCore
import NIOPosix
import Synchronization
import Testing
import TestSupport

@Suite("The message stream's hand-over to the application")
struct MessageStreamTests {
    @Test("messages taken on the client's event loop arrive in order, on that loop, and are acknowledged")
    func onTheEventLoop() async throws {
        try await Self.withClientOnOneLoop { running, connection, loop in
            let count = 200
            let client = running.client
            let taking = Task {
                await client.onEventLoop {
                    var payloads: [UInt8] = []
                    var everyOnTheLoop = true
                    for await message in client.messages {
                        everyOnTheLoop = everyOnTheLoop && loop.inEventLoop
                        payloads += message.payload
                        if payloads.count == count { break }
                    }
                    return (payloads, everyOnTheLoop)
                }
            }
            for id in 1...count {
                try await connection.send(.publish(MQTTPublish(topic: "q1", payload: [UInt8(truncatingIfNeeded: id)], qos: .atLeastOnce,
                                                               packetIdentifier: UInt16(id))))
            }
            let (payloads, everyOnTheLoop) = try await withTimeout(.seconds(10), "the messages") { await taking.value }
            #expect(payloads == (1...count).map { UInt8(truncatingIfNeeded: $0) })
            #expect(everyOnTheLoop)
            var acknowledged: [UInt16] = []
            while acknowledged.count < count {
                switch try await connection.next() {
                case .pubAck(let ack): acknowledged.append(ack.packetIdentifier)
                case .pingReq: continue
                case let other: Issue.record("unexpected \(other)"); return
                }
            }
            #expect(acknowledged == (1...count).map { UInt16($0) })
        }
    }

    @Test("a consumer on the event loop prefers it as its executor: nonisolated work it awaits runs there too")
    func prefersTheEventLoop() async throws {
        try await Self.withClientOnOneLoop { running, connection, loop in
            let client = running.client
            let taking = Task {
                await client.onEventLoop {
                    var everyOnTheLoop = true
                    var taken = 0
                    for await _ in client.messages {
                        // A nonisolated function runs on the task's preferred executor, else on the global pool.
                        everyOnTheLoop = await Self.inEventLoop(loop) && everyOnTheLoop
                        taken += 1
                        if taken == 20 { break }
                    }
                    return everyOnTheLoop
                }
            }
            for id in UInt16(1)...20 {
                try await connection.send(.publish(MQTTPublish(topic: "q0", payload: [UInt8(id)], qos: .atMostOnce)))
            }
            let everyOnTheLoop = try await withTimeout(.seconds(10), "the messages") { await taking.value }
            #expect(everyOnTheLoop)
        }
    }

    nonisolated static func inEventLoop(_ loop: any EventLoop) async -> Bool {
        loop.inEventLoop
    }

    /// A client on an event loop group of one thread, connected to a scripted MQTT 5 broker.
    static func withClientOnOneLoop(
        _ body: (RunningClient, ScriptedConnection, any EventLoop) async throws -> Void
    ) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let broker = try await ScriptedBroker(version: .v5)
        let running = RunningClient(.test(port: broker.port, version: .v5), eventLoopGroup: group)
        let (connection, _) = try await broker.acceptSession(sessionPresent: false)
        try await body(running, connection, group.next())
        await running.stop()
        await broker.close()
        try await group.shutdownGracefully()
    }

    @Test("a consumer cancelled while it waits ends its iteration; messages after it are left for redelivery")
    func cancelledWhileWaiting() async throws {
        let broker = try await ScriptedBroker(version: .v5)
        let running = RunningClient(.test(port: broker.port, version: .v5))
        let (connection, _) = try await broker.acceptSession(sessionPresent: false)
        let client = running.client
        let taken = Mutex(0)
        let taking = Task {
            await client.onEventLoop {
                for await _ in client.messages { taken.withLock { $0 += 1 } }
                return true
            }
        }
        try await connection.send(.publish(MQTTPublish(topic: "q1", payload: [1], qos: .atLeastOnce, packetIdentifier: 1)))
        #expect(try await connection.next() == .pubAck(MQTTAcknowledgement(packetIdentifier: 1)))
        // The consumer now waits for the next batch.
        taking.cancel()
        let ended = try await withTimeout(.seconds(10), "the end of the iteration") { await taking.value }
        #expect(ended)
        try await connection.send(.publish(MQTTPublish(topic: "q1", payload: [2], qos: .atLeastOnce, packetIdentifier: 2)))
        // Not taken, so never acknowledged: only a PINGREQ may come.
        await #expect(throws: ScriptError.self) {
            while true {
                if case .pingReq = try await connection.next(timeout: .milliseconds(300)) { continue }
                Issue.record("a message no one took was acknowledged")
                return
            }
        }
        #expect(taken.withLock { $0 } == 1)
        await running.stop()
        await broker.close()
    }

    @Test("the stream ends after the messages already received when the client shuts down")
    func endsAfterShutdown() async throws {
        let broker = try await ScriptedBroker(version: .v3_1_1)
        let running = RunningClient(.test(port: broker.port, version: .v3_1_1))
        let (connection, _) = try await broker.acceptSession(sessionPresent: false)
        for id in UInt16(1)...3 {
            try await connection.send(.publish(MQTTPublish(topic: "q0", payload: [UInt8(id)], qos: .atMostOnce)))
        }
        let client = running.client
        let iterating = Task {
            var payloads: [UInt8] = []
            for await message in client.messages {
                payloads += message.payload
                if payloads.count == 3 { client.shutdown() }
            }
            return payloads
        }
        let payloads = try await withTimeout(.seconds(10), "the end of the stream") { await iterating.value }
        #expect(payloads == [1, 2, 3])
        await running.stop()
        await broker.close()
    }
}
