import HummingbirdCore
import Logging
import NIOCore

/// Wraps the server's child channel set-up: a ``ConnectionGuard`` goes first in every connection's
/// pipeline and a ``ParseErrorResponder`` last, so the limits hold from the first byte, before the
/// server has decided between HTTP and a WebSocket upgrade.
struct GuardedChildChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value

    let inner: Inner
    let headDeadline: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let connectionGuard = ConnectionGuard(headDeadline: headDeadline)
        do {
            try channel.pipeline.syncOperations.addHandler(connectionGuard, position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        // Completed on the channel's event loop, where the guard lives.
        let bound = NIOLoopBound(connectionGuard, eventLoop: channel.eventLoop)
        return inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            try channel.pipeline.syncOperations.addHandler(ParseErrorResponder(bound.value))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
