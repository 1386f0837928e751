/// How long a scripted step waits for the client. Generous on purpose: the whole test run shares two
/// cores with brokers and `pdm` processes, and a step that would succeed must not fail for being late.
package let scriptTimeout: Duration = .seconds(30)

package struct ScriptError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

/// Runs `body`, failing with `what` if it takes longer than `timeout`.
package func withTimeout<T: Sendable>(_ timeout: Duration, _ what: String,
                                     _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw ScriptError("timed out after \(timeout) \(what)")
        }
        defer { group.cancelAll() }
        guard let result = try await group.next() else { throw ScriptError("no result \(what)") }
        return result
    }
}
