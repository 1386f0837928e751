import Foundation
import Synchronization

/// What the console sees live: alarm events and RUL estimates, as JSON text, fanned out to every
/// WebSocket client; and each asset's recent estimates for its trend chart.
package final class LiveHub: Sendable {
    /// One RUL estimate for the trend chart.
    package struct Point: Encodable, Sendable, Hashable {
        package var time: Double
        package var rul: Double
        package var lower: Double
        package var upper: Double
        package var hi: Double
        package var unit: String
        /// The health indicator's failure threshold, when the model has one.
        package var threshold: Double?
        /// The median is at the model's horizon: no degradation seen yet, the life is at least that.
        package var beyond_horizon: Bool

        package init(time: Double, rul: Double, lower: Double, upper: Double, hi: Double, unit: String, threshold: Double? = nil,
                    beyondHorizon: Bool = false) {
            self.threshold = threshold
            beyond_horizon = beyondHorizon
            self.time = time
            self.rul = rul
            self.lower = lower
            self.upper = upper
            self.hi = hi
            self.unit = unit
        }
    }

    private struct State {
        var subscribers: [UUID: AsyncStream<String>.Continuation] = [:]
        var history: [String: [Point]] = [:]
    }

    /// Estimates kept per asset.
    package let historyLength: Int
    private let state = Mutex(State())

    package init(historyLength: Int = 500) {
        self.historyLength = historyLength
    }

    /// An alarm event (the published event payload).
    package func alarm(_ payload: [UInt8]) {
        broadcast(#"{"type":"alarm","event":"# + String(decoding: payload, as: UTF8.self) + "}")
    }

    /// A RUL estimate of an asset (the published payload and its point for the chart).
    package func estimate(asset: String, point: Point, payload: [UInt8]) {
        state.withLock { state in
            var points = state.history[asset, default: []]
            points.append(point)
            if points.count > historyLength { points.removeFirst(points.count - historyLength) }
            state.history[asset] = points
        }
        broadcast(#"{"type":"rul","estimate":"# + String(decoding: payload, as: UTF8.self) + "}")
    }

    /// The recent estimates of an asset, oldest first.
    package func history(of asset: String) -> [Point] {
        state.withLock { $0.history[asset] ?? [] }
    }

    /// The latest estimate of every asset.
    package func latest() -> [String: Point] {
        state.withLock { $0.history.compactMapValues(\.last) }
    }

    /// A stream of every update from now on; it ends when the subscriber goes.
    func subscribe() -> (UUID, AsyncStream<String>) {
        let id = UUID()
        // A slow client loses the oldest updates, never blocks pdm: it can reload the list.
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1000))
        state.withLock { $0.subscribers[id] = continuation }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return (id, stream)
    }

    func unsubscribe(_ id: UUID) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
    }

    var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    private func broadcast(_ text: String) {
        let subscribers = state.withLock { Array($0.subscribers.values) }
        for subscriber in subscribers { subscriber.yield(text) }
    }
}
