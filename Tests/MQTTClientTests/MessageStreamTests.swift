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

    @Test("batches hand out a read's messages together and in order; a batch's QoS 1 messages are acknowledged when it is taken")
    func batches() async throws {
        try await Self.withClientOnOneLoop { running, connection, _ in
            let client = running.client
            let taking = Task {
                await client.onEventLoop {
                    var payloads: [UInt8] = []
                    var batches = 0
                    for await batch in client.messages.batches {
                        #expect(!batch.isEmpty)
                        batches += 1
                        payloads += batch.flatMap(\.payload)
                        if payloads.count == 60 { break }
                    }
                    return (payloads, batches)
                }
            }
            // 60 messages in one write: QoS 0 and QoS 1 taking turns, so both paths of the decoder
            // feed the same batches.
            let encoder = MQTTPacketEncoder(version: .v5)
            var bytes: [UInt8] = []
            for index in 1...60 {
                let qos: MQTTQoS = index.isMultiple(of: 2) ? .atLeastOnce : .atMostOnce
                let publish = MQTTPublish(topic: "plant/line-1/asset-\(index)/vibration", payload: [UInt8(index)], qos: qos,
                                          packetIdentifier: qos == .atMostOnce ? nil : UInt16(index))
                bytes += try encoder.encode(.publish(publish))
            }
            try await connection.sendRaw(bytes)
            let (payloads, batches) = try await withTimeout(.seconds(10), "the messages") { await taking.value }
            #expect(payloads == (1...60).map { UInt8($0) })
            #expect(batches < 60)
            var acknowledged: [UInt16] = []
            while acknowledged.count < 30 {
                guard case .pubAck(let ack) = try await connection.next() else { Issue.record("expected PUBACK"); return }
                acknowledged.append(ack.packetIdentifier)
            }
            #expect(acknowledged == stride(from: 2, through: 60, by: 2).map { UInt16($0) })
            #expect(client.bufferedMessages == 0)
        }
    }

    @Test("packets split across reads at any byte are put together: every message arrives once, in order")
    func splitAcrossReads() async throws {
        try await Self.withClientOnOneLoop { running, connection, _ in
            let client = running.client
            let count = 150
            let taking = Task {
                var payloads: [[UInt8]] = []
                for await batch in client.messages.batches {
                    payloads += batch.map(\.payload)
                    if payloads.count == count { break }
                }
                return payloads
            }
            // Payloads of 0 to 300 bytes (a two-byte remaining length from 128 on), QoS 0 and 1
            // taking turns, written 7 bytes at a time so that reads end inside packets and headers.
            let encoder = MQTTPacketEncoder(version: .v5)
            var bytes: [UInt8] = []
            var expected: [[UInt8]] = []
            for index in 0..<count {
                let payload = (0..<(index * 2)).map { UInt8(truncatingIfNeeded: $0 &+ index) }
                expected.append(payload)
                let qos: MQTTQoS = index.isMultiple(of: 3) ? .atLeastOnce : .atMostOnce
                bytes += try encoder.encode(.publish(MQTTPublish(topic: "plant/asset-\(index)/vib", payload: payload, qos: qos,
                                                                 packetIdentifier: qos == .atMostOnce ? nil : UInt16(index + 1))))
            }
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + 7, bytes.count)
                try await connection.sendRaw(Array(bytes[offset..<end]))
                offset = end
            }
            let payloads = try await withTimeout(.seconds(20), "the messages") { await taking.value }
            #expect(payloads == expected)
        }
    }

    @Test("QoS 0 messages read after the broker's DISCONNECT in the same read are not delivered")
    func nothingAfterDisconnect() async throws {
        let broker = try await ScriptedBroker(version: .v5)
        let running = RunningClient(.test(port: broker.port, version: .v5))
        let (connection, _) = try await broker.acceptSession(sessionPresent: false)
        let client = running.client
        let taking = Task {
            var payloads: [UInt8] = []
            for await message in client.messages {
                payloads += message.payload
                if message.payload == [3] { break }
            }
            return payloads
        }
        let encoder = MQTTPacketEncoder(version: .v5)
        try await connection.sendRaw(try encoder.encode(.publish(MQTTPublish(topic: "q0", payload: [1])))
            + encoder.encode(.disconnect(MQTTDisconnect(reasonCode: .serverBusy)))
            + encoder.encode(.publish(MQTTPublish(topic: "q0", payload: [2]))))
        // The client comes back; a message on the new connection ends the iteration.
        let (again, _) = try await broker.acceptSession(sessionPresent: false)
        try await again.send(.publish(MQTTPublish(topic: "q0", payload: [3])))
        let payloads = try await withTimeout(.seconds(10), "the messages") { await taking.value }
        #expect(payloads == [1, 3])
        await running.stop()
        await broker.close()
    }

    @Test("a QoS 0 PUBLISH with the DUP flag is malformed: the connection closes and nothing of it is delivered")
    func malformedQoS0() async throws {
        let broker = try await ScriptedBroker(version: .v3_1_1)
        let running = RunningClient(.test(port: broker.port, version: .v3_1_1))
        let (connection, _) = try await broker.acceptSession(sessionPresent: false)
        _ = try await running.waitForConnection()
        // PUBLISH, DUP set at QoS 0; topic "t", payload [9].
        try await connection.sendRaw([0x38, 0x04, 0x00, 0x01, 0x74, 0x09])
        let error = try await running.waitFor("disconnection") { event -> String? in
            if case .disconnected(let error) = event { return "\(error.map { "\($0)" } ?? "none")" }
            return nil
        }
        #expect(error.contains("malformed packet"))
        #expect(running.client.bufferedMessages == 0)
        _ = try await broker.acceptSession(sessionPresent: false)
        await running.stop()
        await broker.close()
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
