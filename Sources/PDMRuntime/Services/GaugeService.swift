import AlarmStore
import ServiceLifecycle

/// The plant's alarm, outbox and dead-letter gauges, read from the shared store every 5 s, so
/// `/metrics` of every instance (leader or standby) shows the whole plant.
package struct GaugeService: Service {
    let database: any StateStore

    package init(database: any StateStore) {
        self.database = database
    }

    package func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await HousekeepingService.recordGauges(database)
                guard (try? await Task.sleep(for: .seconds(5))) != nil else { return }
            }
        }
    }
}
