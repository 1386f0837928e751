/// A block of acceleration samples of one channel, taken at `sampleRate` from `time` on.
package struct WaveformBlock: Sendable, Hashable {
    package var asset: String
    package var channel: String
    /// Unix seconds of the first sample.
    package var time: Double
    /// Samples per second.
    package var sampleRate: Double
    package var samples: [Float]

    package init(asset: String, channel: String, time: Double, sampleRate: Double, samples: [Float]) {
        self.asset = asset
        self.channel = channel
        self.time = time
        self.sampleRate = sampleRate
        self.samples = samples
    }

    /// Most samples one block may hold (4 Mi: 160 s at 25.6 kHz).
    package static let maximumSamples = 1 << 22

    /// Sample rates a block may have: from one sample a second to 10 MHz, beyond any vibration
    /// acquisition; outside it a rate is a corrupt header or a unit mistake.
    package static let sampleRateRange: ClosedRange<Double> = 1...10_000_000
}
