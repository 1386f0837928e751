import NIOCore
import NIOPosix
import Synchronization

/// A TCP relay from a loopback port to a loopback `target`, whose connections a test can cut:
/// every one closed at once and new ones closed as they arrive, as a network cut looks to both
/// ends; ``restore()`` lets connections through again.
package final class TCPProxy: Sendable {
    package let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let shared: Shared
    private let listener: any Channel

    fileprivate final class Shared: Sendable {
        struct State {
            var open = true
            var channels: [ObjectIdentifier: any Channel] = [:]
        }

        let state = Mutex(State())

        /// Keeps `channel` until it closes; false (and the caller closes it) while cut.
        func track(_ channel: any Channel) -> Bool {
            let kept = state.withLock { state -> Bool in
                guard state.open else { return false }
                state.channels[ObjectIdentifier(channel)] = channel
                return true
            }
            if kept {
                channel.closeFuture.whenComplete { [self] _ in
                    _ = state.withLock { $0.channels.removeValue(forKey: ObjectIdentifier(channel)) }
                }
            }
            return kept
        }
    }

    package init(to target: Int) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let shared = Shared()
        self.group = group
        self.shared = shared
        listener = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.autoRead, value: false)
            .childChannelInitializer { inbound in
                guard shared.track(inbound) else { return inbound.close() }
                return ClientBootstrap(group: inbound.eventLoop)
                    .channelInitializer { outbound in
                        outbound.eventLoop.makeCompletedFuture {
                            try outbound.pipeline.syncOperations.addHandler(Relay(peer: inbound))
                        }
                    }
                    .connect(host: "127.0.0.1", port: target)
                    .flatMap { outbound in
                        guard shared.track(outbound) else { return outbound.close().flatMap { inbound.close() } }
                        return inbound.eventLoop.makeCompletedFuture {
                            try inbound.pipeline.syncOperations.addHandler(Relay(peer: outbound))
                        }.flatMap { inbound.setOption(ChannelOptions.autoRead, value: true) }
                    }
                    .flatMapError { _ in inbound.close() }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = listener.localAddress?.port ?? 0
    }

    deinit {
        listener.close(promise: nil)
        try? group.syncShutdownGracefully()
    }

    /// Closes every relayed connection, and each new one as it arrives, until ``restore()``.
    package func cut() {
        let channels = shared.state.withLock { state -> [any Channel] in
            state.open = false
            defer { state.channels.removeAll() }
            return Array(state.channels.values)
        }
        for channel in channels { channel.close(promise: nil) }
    }

    /// Relays new connections again.
    package func restore() {
        shared.state.withLock { $0.open = true }
    }
}

/// Writes what one side reads to the other, and closes the other when this side closes.
private final class Relay: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    let peer: any Channel

    init(peer: any Channel) { self.peer = peer }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        peer.writeAndFlush(unwrapInboundIn(data), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        peer.close(promise: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
