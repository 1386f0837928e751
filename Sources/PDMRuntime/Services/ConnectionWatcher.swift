import MQTTClient
import ServiceLifecycle

/// Tells whoever asks (readiness, `/readyz`) whether the broker connection is up.
package final class ConnectionWatcher: Service, Sendable {
    private let client: MQTTClient
    private let changed: @Sendable (Bool) -> Void

    init(client: MQTTClient, changed: @escaping @Sendable (Bool) -> Void) {
        self.client = client
        self.changed = changed
    }

    package func run() async {
        await cancelWhenGracefulShutdown { [client, changed] in
            for await event in client.events {
                switch event {
                case .connected: changed(true)
                case .disconnected, .connectFailed: changed(false)
                case .subscriptionsRestored: break
                }
            }
        }
        // The client's events end only when it stops: wait for the group's shutdown all the same.
        try? await gracefulShutdown()
    }
}
