/// Averages the readings of several channels over fixed time steps, so that readings arriving at
/// any rate, in any order within a step, become one vector per step.
///
/// A step closes when a reading of a later step arrives (or at ``flush()``). A reading for a step
/// that has already closed is late and refused: it cannot change what was already estimated.
/// A channel without a reading in a step keeps its last value.
package struct StepAggregator: Sendable, Codable {
    /// One closed step.
    package struct Step: Sendable, Hashable {
        /// Time of the newest reading in the step.
        package var time: Double
        /// Time since the first reading the aggregator saw.
        package var age: Double
        /// One value per channel.
        package var values: [Double]
    }

    package let step: Double
    private(set) var origin: Double?
    private var index = 0
    private var newest = -Double.infinity
    private var sums: [Double]
    private var counts: [Int]
    private var last: [Double?]
    private var open = false

    /// Channels averaged.
    var channels: Int { sums.count }

    /// Whether a decoded aggregator holds one sum, count and last value per channel.
    var isConsistent: Bool {
        counts.count == sums.count && last.count == sums.count && step > 0 && step.isFinite
    }

    package init(channels: Int, step: Double) {
        precondition(step > 0 && step.isFinite, "a step must be a positive length of time")
        self.step = step
        sums = Array(repeating: 0, count: channels)
        counts = Array(repeating: 0, count: channels)
        last = Array(repeating: nil, count: channels)
    }

    /// Why a reading was not taken.
    package enum Refusal: Error, Sendable, Hashable {
        /// The reading belongs to a step that has already closed.
        case late(stepStart: Double)
        /// The reading lies so far from the first one that its step cannot be numbered.
        case outOfRange(stepsFromOrigin: Double)
    }

    /// Steps a reading may lie from the first one (both ways): a century of one-second steps.
    static let maximumSteps = 4e9

    /// Adds a finite reading; returns the step it closed, if any, or why it was refused.
    package mutating func add(channel: Int, time: Double, value: Double) -> Result<Step?, Refusal> {
        let origin = self.origin ?? time
        let position = ((time - origin) / step + 1e-9).rounded(.down)
        guard position.isFinite, abs(position) <= Self.maximumSteps else { return .failure(.outOfRange(stepsFromOrigin: position)) }
        self.origin = origin
        let readingIndex = Int(position)
        var closed: Step?
        if open, readingIndex < index {
            return .failure(.late(stepStart: origin + Double(index) * step))
        }
        if open, readingIndex > index {
            closed = close()
        }
        if !open {
            index = readingIndex
            open = true
        }
        sums[channel] += value
        counts[channel] += 1
        newest = max(newest, time)
        return .success(closed)
    }

    /// Forgets a channel's last value and its readings in the open step (its source went stale):
    /// steps close without an estimate until the channel has a fresh reading, instead of
    /// carrying the stale value forward.
    package mutating func forget(channel: Int) {
        guard sums.indices.contains(channel) else { return }
        sums[channel] = 0
        counts[channel] = 0
        last[channel] = nil
    }

    /// Closes the open step, if any.
    package mutating func flush() -> Step? {
        open ? close() : nil
    }

    private mutating func close() -> Step? {
        open = false
        var values: [Double] = []
        values.reserveCapacity(sums.count)
        var complete = true
        for channel in sums.indices {
            if counts[channel] > 0 {
                last[channel] = sums[channel] / Double(counts[channel])
            }
            sums[channel] = 0
            counts[channel] = 0
            if let value = last[channel] { values.append(value) } else { complete = false }
        }
        guard complete, let origin else { return nil }
        return Step(time: newest, age: newest - origin, values: values)
    }

    /// Bytes of state held (for capacity planning).
    package var stateBytes: Int {
        MemoryLayout<Self>.size + sums.count * (2 * MemoryLayout<Double>.size + MemoryLayout<Int>.size + 1)
    }
}
