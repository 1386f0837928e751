import ServiceLifecycle

/// The dispatcher as a service: it delivers until graceful shutdown, which cancels the round in
/// flight. Nothing is lost: an interrupted delivery is still in the outbox, and the next start
/// sends it again under the same idempotency key.
extension OutboxDispatcher: Service {
    package func run() async {
        await cancelWhenGracefulShutdown {
            await self.deliver()
        }
    }
}
