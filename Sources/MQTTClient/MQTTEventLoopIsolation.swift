/// An actor that runs on an MQTT client's event loop.
///
/// Code isolated to it that iterates the client's ``MQTTClient/messages`` takes each batch on the
/// thread that read it from the broker, with no wake-up of another thread. Its work then delays
/// the reading of the next packets, as in a single-threaded client, and back-pressure comes from
/// the socket as much as from the buffer.
///
/// ```swift
/// let count = await MQTTEventLoopIsolation(client).run { _ in
///     var count = 0
///     for await _ in client.messages { count += 1 }
///     return count
/// }
/// ```
public actor MQTTEventLoopIsolation {
    private let executor: any SerialExecutor
    /// The same loop as a task executor, so that a resumed continuation comes back to the loop
    /// without a detour through the global pool.
    private let taskExecutor: EventLoopTaskExecutor

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    public init(_ client: MQTTClient) {
        executor = client.executor
        taskExecutor = EventLoopTaskExecutor(client.eventLoop)
    }

    /// Runs `body` isolated to this actor, on the client's event loop.
    public func run<T: Sendable>(_ body: @Sendable (isolated MQTTEventLoopIsolation) async -> T) async -> T {
        await withTaskExecutorPreference(taskExecutor) { await body(self) }
    }
}
