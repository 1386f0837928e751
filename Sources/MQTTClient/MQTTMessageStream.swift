import NIOConcurrencyHelpers
import NIOCore

/// The messages the client receives, in order, with back-pressure: when the application falls
/// behind by the configured buffer size the client stops reading from the broker.
///
/// A QoS 1/2 message is acknowledged to the broker when the iterator hands it to the application,
/// never earlier, or, under ``MQTTAcknowledgementMode/manual``, when the application gives its
/// receipt back. The stream may be iterated once.
public struct MQTTMessageStream: AsyncSequence, Sendable {
    public typealias Element = MQTTMessage

    let producer: MQTTClientCore.Producer
    let core: MQTTClientCore

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(inner: producer.makeAsyncIterator(), core: core)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var inner: MQTTClientCore.Producer.AsyncIterator
        let core: MQTTClientCore
        /// The batch being handed out, and the next message's place in it.
        var batch: [MQTTMessage] = []
        var position = 0

        init(inner: MQTTClientCore.Producer.AsyncIterator, core: MQTTClientCore) {
            self.inner = inner
            self.core = core
        }

        public mutating func next() async -> MQTTMessage? {
            if position == batch.count {
                batch = []
                position = 0
                guard let next = await inner.next() else { return nil }
                batch = next
                guard !batch.isEmpty else { return await self.next() }
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
}

/// Forwards the stream's demand to the client core on its event loop.
final class MQTTMessageStreamDelegate: NIOAsyncSequenceProducerDelegate, Sendable {
    private let core: NIOLockedValueBox<MQTTClientCore?> = NIOLockedValueBox(nil)

    func attach(_ core: MQTTClientCore) { self.core.withLockedValue { $0 = core } }

    func produceMore() {
        guard let core = core.withLockedValue({ $0 }) else { return }
        core.eventLoop.execute { core.resumeReading() }
    }

    func didTerminate() {
        guard let core = core.withLockedValue({ $0 }) else { return }
        core.eventLoop.execute { core.consumerTerminated() }
    }
}
