@testable import MQTTClient
import MQTTCodec
import NIOCore
import NIOPosix
import TestSupport

/// A broker whose every move the test scripts: it accepts connections on a loopback port and lets
/// the test read the client's packets one by one and answer (or drop the connection) at will.
final class ScriptedBroker: Sendable {
    typealias Connection = NIOAsyncChannel<MQTTPacket, ByteBuffer>

    let port: Int
    private let server: NIOAsyncChannel<Connection, Never>
    private let connections = Mailbox<ScriptedConnection>()
    private let acceptor: Task<Void, Never>

    init(version: MQTTProtocolVersion) async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(MQTTPacketByteDecoder(decoder: MQTTPacketDecoder(version: version))))
                    return try Connection(wrappingChannelSynchronously: channel)
                }
            }
        self.server = server
        self.port = server.channel.localAddress?.port ?? 0
        let connections = self.connections
        self.acceptor = Task {
            try? await server.executeThenClose { inbound in
                for try await connection in inbound {
                    connections.put(try ScriptedConnection(connection, version: version))
                }
            }
            connections.close()
        }
    }

    /// The next connection the client opens (bounded wait).
    func accept(timeout: Duration = scriptTimeout) async throws -> ScriptedConnection {
        guard let connection = await connections.take(timeout: timeout) else {
            throw ScriptError("timed out after \(timeout) waiting for the client to connect")
        }
        return connection
    }

    /// Accepts a connection, expects CONNECT and answers CONNACK.
    func acceptSession(sessionPresent: Bool, properties: MQTTProperties = []) async throws
        -> (ScriptedConnection, MQTTConnect)
    {
        let deadline = ContinuousClock.now + scriptTimeout
        while true {
            let connection = try await accept(timeout: max(deadline - ContinuousClock.now, .milliseconds(1)))
            do {
                guard case .connect(let connect) = try await connection.next() else { throw ScriptError("expected CONNECT") }
                try await connection.send(.connAck(MQTTConnAck(sessionPresent: sessionPresent, properties: properties)))
                return (connection, connect)
            } catch let error as ScriptError where !error.description.contains("closed by the client") {
                throw error
            } catch {
                // The client gave up on this connection (its connect timeout passed while the test
                // was slow to answer) and has opened another: take that one.
                continue
            }
        }
    }

    func close() async {
        acceptor.cancel()
        try? await server.channel.close()
    }
}

/// One client connection seen from the scripted broker.
final class ScriptedConnection: Sendable {
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let raw: any Channel
    private let encoder: MQTTPacketEncoder
    private let packets = Mailbox<MQTTPacket>()
    private let reader: Task<Void, Never>

    init(_ connection: NIOAsyncChannel<MQTTPacket, ByteBuffer>, version: MQTTProtocolVersion) throws {
        self.raw = connection.channel
        self.encoder = MQTTPacketEncoder(version: version)
        let inbound = connection.inbound
        self.outbound = connection.outbound
        let packets = self.packets
        self.reader = Task {
            do {
                for try await packet in inbound { packets.put(packet) }
            } catch {}
            packets.close()
        }
    }

    deinit {
        outbound.finish()
        reader.cancel()
    }

    /// The next packet from the client (bounded wait); PINGREQs are answered and skipped.
    func next(timeout: Duration = scriptTimeout) async throws -> MQTTPacket {
        let deadline = ContinuousClock.now + timeout
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero, let packet = await packets.take(timeout: left) else {
                if packets.isClosed { throw ScriptError("connection closed by the client") }
                throw ScriptError("timed out after \(timeout) waiting for a packet")
            }
            if case .pingReq = packet {
                try await send(.pingResp)
                continue
            }
            return packet
        }
    }

    func send(_ packet: MQTTPacket) async throws {
        try await outbound.write(raw.allocator.buffer(bytes: try encoder.encode(packet)))
    }

    func sendRaw(_ bytes: [UInt8]) async throws {
        try await outbound.write(raw.allocator.buffer(bytes: bytes))
    }

    /// Drops the TCP connection without DISCONNECT, as a network failure would, and waits until it is closed.
    func drop() async {
        raw.close(promise: nil)
        try? await raw.closeFuture.get()
    }

}

