/// The messages the client receives, in order, with back-pressure: when the application falls
/// behind by the configured buffer size the client stops reading from the broker.
///
/// A QoS 1/2 message is acknowledged to the broker when the iterator hands it to the application,
/// never earlier, or, under ``MQTTAcknowledgementMode/manual``, when the application gives its
/// receipt back. The stream may be iterated once, message by message or through ``batches``.
///
/// Iterated under ``MQTTClient/onEventLoop(_:)``, the messages reach the application on the thread
/// that read them, without a hand-over between threads.
public struct MQTTMessageStream: AsyncSequence, Sendable {
    public typealias Element = MQTTMessage
    public typealias Failure = Never

    let handOver: MessageHandOver
    let core: MQTTClientCore

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(batches: batches.makeAsyncIterator())
    }

    /// The same messages, one read from the broker at a time: each element holds the messages that
    /// arrived together, in order, never none.
    ///
    /// An application that handles each message in a loop of its own pays for one call into the
    /// stream per batch instead of one per message. A batch's QoS 1/2 messages are acknowledged
    /// (under ``MQTTAcknowledgementMode/onDelivery``) when the batch is handed out.
    ///
    /// ```swift
    /// for await batch in client.messages.batches {
    ///     for message in batch { handle(message) }
    /// }
    /// ```
    public var batches: Batches { Batches(handOver: handOver, core: core) }

    public struct AsyncIterator: AsyncIteratorProtocol {
        public typealias Failure = Never

        var batches: Batches.AsyncIterator
        /// The batch being handed out, and the next message's place in it.
        var batch: [MQTTMessage] = []
        var position = 0

        public mutating func next() async -> MQTTMessage? {
            await next(isolation: nil)
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async -> MQTTMessage? {
            while position == batch.count {
                batch = []
                position = 0
                guard let next = await batches.take(isolation: actor) else { return nil }
                batch = next
            }
            let message = batch[position]
            position += 1
            // The backlog counts whole batches (one atomic update each, not one per message).
            if position == batch.count { batches.core.taken(batch.count) }
            if batches.core.acknowledgesOnDelivery, let acknowledgement = message.acknowledgement {
                batches.core.consumed(CollectionOfOne(acknowledgement))
            }
            return message
        }
    }

    /// The received messages a batch at a time (``MQTTMessageStream/batches``).
    public struct Batches: AsyncSequence, Sendable {
        public typealias Element = [MQTTMessage]
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

            init(handOver: MessageHandOver, core: MQTTClientCore) {
                self.handOver = handOver
                self.core = core
                self.lifetime = Lifetime(handOver)
            }

            public mutating func next() async -> [MQTTMessage]? {
                await next(isolation: nil)
            }

            public mutating func next(isolation actor: isolated (any Actor)?) async -> [MQTTMessage]? {
                guard let batch = await take(isolation: actor) else { return nil }
                core.taken(batch.count)
                if core.acknowledgesOnDelivery {
                    let acknowledgements = batch.compactMap(\.acknowledgement)
                    if !acknowledgements.isEmpty { core.consumed(acknowledgements) }
                }
                return batch
            }

            /// The next batch, without counting it taken or acknowledging it.
            mutating func take(isolation actor: isolated (any Actor)?) async -> [MQTTMessage]? {
                await handOver.next(isolation: actor)
            }
        }
    }

    /// Held by the iterator and its copies.
    final class Lifetime: Sendable {
        let handOver: MessageHandOver
        init(_ handOver: MessageHandOver) { self.handOver = handOver }
        deinit { handOver.terminate() }
    }
}
