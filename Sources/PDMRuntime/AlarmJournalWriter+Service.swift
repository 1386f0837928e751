import ServiceLifecycle

/// The journal writer as a service: it writes until graceful shutdown, then commits what was
/// queued before it. It stops after the services that queue decisions (ingest, alarm clock,
/// commands) and before those that publish what it committed.
extension AlarmJournalWriter: Service {
    func run() async {
        await withGracefulShutdownHandler {
            await write()
        } onGracefulShutdown: {
            self.finish()
        }
    }
}
