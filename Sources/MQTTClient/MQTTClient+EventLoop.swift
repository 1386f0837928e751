extension MQTTClient {
    /// Runs `body` in a task that prefers the client's event loop as its executor.
    ///
    /// Nonisolated code in `body`, above all a loop over ``messages``, then runs on the thread that
    /// reads from the broker: each batch of messages is taken where it was read, with no wake-up of
    /// another thread. Its work delays the reading of the next packets, as in a single-threaded
    /// client, and back-pressure reaches the socket as well as the buffer. Code isolated to an actor
    /// still runs on that actor's executor.
    ///
    /// ```swift
    /// let count = await client.onEventLoop {
    ///     var count = 0
    ///     for await _ in client.messages { count += 1 }
    ///     return count
    /// }
    /// ```
    public func onEventLoop<T, Failure: Error>(_ body: () async throws(Failure) -> T) async throws(Failure) -> T {
        try await withTaskExecutorPreference(EventLoopTaskExecutor(eventLoop), operation: body)
    }
}
