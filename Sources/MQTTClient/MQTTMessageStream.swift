/// The messages the client receives, in order, with back-pressure: when the application falls
/// behind by the configured buffer size the client stops reading from the broker.
///
/// A QoS 1/2 message is acknowledged to the broker when the iterator hands it to the application,
/// never earlier, or, under ``MQTTAcknowledgementMode/manual``, when the application gives its
/// receipt back. The stream may be iterated once.
///
/// Iterated under ``MQTTClient/onEventLoop(_:)``, the messages reach the application on the thread
/// that read them, without a hand-over between threads.
public struct MQTTMessageStream: AsyncSequence, Sendable {
    public typealias Element = MQTTMessage
    public typealias Failure = Never

    let handOver: MessageHandOver
    let core: MQTTClientCore

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handOver: handOver, core: core)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        public typealias Failure = Never

        let handOver: MessageHandOver
        let core: MQTTClientCore
        /// Ends the taker's side when the last copy of the iterator goes away before the end.
        let lifetime: Lifetime
        /// The batch being handed out, and the next message's place in it.
        var batch: [MQTTMessage] = []
        var position = 0

        init(handOver: MessageHandOver, core: MQTTClientCore) {
            self.handOver = handOver
            self.core = core
            self.lifetime = Lifetime(handOver)
        }

        public mutating func next() async -> MQTTMessage? {
            await next(isolation: nil)
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async -> MQTTMessage? {
            while position == batch.count {
                batch = []
                position = 0
                guard let next = await handOver.next(isolation: actor) else { return nil }
                batch = next
            }
            let message = batch[position]
            position += 1
            // The backlog counts whole batches (one atomic update each, not one per message).
            if position == batch.count {
                let left = core.backlog.add(-batch.count)
                if left <= core.bufferLowWatermark, core.backlog.unpause() {
                    let core = core
                    core.eventLoop.execute { core.resumeReading() }
                }
            }
            if core.acknowledgesOnDelivery, let acknowledgement = message.acknowledgement {
                core.consumed(CollectionOfOne(acknowledgement))
            }
            return message
        }
    }

    /// Held by the iterator and its copies.
    final class Lifetime: Sendable {
        let handOver: MessageHandOver
        init(_ handOver: MessageHandOver) { self.handOver = handOver }
        deinit { handOver.terminate() }
    }
}
