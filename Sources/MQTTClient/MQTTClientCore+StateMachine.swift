import MQTTCodec
import NIOCore

extension MQTTClientCore {
    /// One channel to the broker and what writing on it needs. A class, so the cases of ``State``
    /// share it and its encoder limits and close reason change in place; used on the event loop only.
    final class Link {
        let channel: any Channel
        let handler: MQTTChannelHandler
        var encoder: MQTTPacketEncoder
        /// Why the channel closes, once known: the first reason wins.
        private(set) var closeReason: (any Error & Sendable)?

        init(channel: any Channel, handler: MQTTChannelHandler, encoder: MQTTPacketEncoder,
             closeReason: (any Error & Sendable)?) {
            self.channel = channel
            self.handler = handler
            self.encoder = encoder
            self.closeReason = closeReason
        }

        /// Records why the channel closes, unless a reason is known already.
        func closing(because reason: any Error & Sendable) {
            if closeReason == nil { closeReason = reason }
        }
    }

    /// Where the connection to the broker stands. Each case carries what exists only in it: the
    /// CONNACK promise and its timeout while connecting, the ping timeout and the broker's maximum
    /// QoS while connected, the wait while reconnecting.
    enum State {
        /// No channel: before the first attempt, or after a channel closed.
        case idle
        /// Waiting before the next connection attempt; the promise completes when it is time (or
        /// at once on shutdown).
        case waitingToReconnect(EventLoopPromise<Void>, Scheduled<Void>)
        /// CONNECT sent; waiting for the CONNACK, bounded by the connect timeout.
        case connecting(Link, connAck: EventLoopPromise<MQTTConnAck>, timeout: Scheduled<Void>)
        /// The session is up. A ping is outstanding while `pingTimeout` is set.
        case connected(Link, pingTimeout: Scheduled<Void>?, maximumQoS: MQTTQoS)
        /// The channel is closing (refused, timed out, failed, disconnected by the broker); the
        /// client connects again once it has closed. `established`: a session ran on it.
        case closing(Link, established: Bool)
        /// Shutdown was asked for: no more attempts. The channel still closing, if any.
        case shuttingDown(Link?, established: Bool)

        /// The channel of the connection, in the cases that have one.
        var link: Link? {
            switch self {
            case .connecting(let link, _, _), .connected(let link, _, _), .closing(let link, _): link
            case .shuttingDown(let link, _): link
            case .idle, .waitingToReconnect: nil
            }
        }

        var isShuttingDown: Bool {
            switch self {
            case .shuttingDown: true
            case .idle, .waitingToReconnect, .connecting, .connected, .closing: false
            }
        }
    }
}
