/// The compact binary waveform payload: a 32-byte little-endian header, then the samples.
///
/// | offset | size | field |
/// | --- | --- | --- |
/// | 0 | 4 | magic `PDMW` (0x50 0x44 0x4D 0x57) |
/// | 4 | 1 | format version, 1 |
/// | 5 | 3 | reserved, 0 |
/// | 8 | 8 | time of the first sample, Unix seconds, float64 |
/// | 16 | 8 | sample rate in Hz, float64 |
/// | 24 | 4 | sample count n, uint32 |
/// | 28 | 4 | reserved, 0 |
/// | 32 | 4·n | samples, float32 |
extension WaveformBlock {
    package static let binaryMagic: [UInt8] = Array("PDMW".utf8)
    package static let binaryVersion: UInt8 = 1
    package static let binaryHeaderSize = 32

    /// Whether `payload` is a binary waveform block (by its magic).
    package static func isBinary(_ payload: [UInt8]) -> Bool {
        payload.count >= 4 && payload[0..<4].elementsEqual(binaryMagic)
    }

    /// The block in the binary payload format.
    package func binaryPayload() -> [UInt8] {
        var bytes = Self.binaryMagic + [Self.binaryVersion, 0, 0, 0]
        bytes.reserveCapacity(Self.binaryHeaderSize + 4 * samples.count)
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        append(time.bitPattern)
        append(sampleRate.bitPattern)
        append(UInt32(truncatingIfNeeded: samples.count))
        append(UInt32(0))
        for sample in samples { append(sample.bitPattern) }
        return bytes
    }

    /// Decodes a binary payload (checked: version, length, rate, finite samples).
    package static func decodeBinary(_ payload: [UInt8], topic: String, asset: String,
                                    channel: String) throws(ReadingError) -> WaveformBlock {
        func malformed(_ detail: String) -> ReadingError { .malformedPayload(topic: topic, detail: "binary waveform: " + detail) }
        guard payload.count >= binaryHeaderSize else {
            throw malformed("\(payload.count) bytes is shorter than the \(binaryHeaderSize)-byte header")
        }
        guard payload[4] == binaryVersion else { throw malformed("format version \(payload[4]) is not supported (1 is)") }
        func integer<T: FixedWidthInteger>(_ offset: Int, as: T.Type) -> T {
            var value: T = 0
            for index in 0..<MemoryLayout<T>.size {
                value |= T(truncatingIfNeeded: payload[offset + index]) << (8 * index)
            }
            return value
        }
        let time = Double(bitPattern: integer(8, as: UInt64.self))
        let rate = Double(bitPattern: integer(16, as: UInt64.self))
        let count = Int(integer(24, as: UInt32.self))
        guard payload.count == binaryHeaderSize + 4 * count else {
            throw malformed("header says \(count) samples (\(binaryHeaderSize + 4 * count) bytes), payload has \(payload.count) bytes")
        }
        guard time.isFinite else { throw .invalidTimestamp(topic: topic, text: "\(time)") }
        _ = try Reading.checkTime(time, topic: topic)
        try checkShape(sampleRate: rate, count: count, topic: topic, channel: channel)
        var samples = [Float](repeating: 0, count: count)
        for index in 0..<count {
            let sample = Float(bitPattern: integer(binaryHeaderSize + 4 * index, as: UInt32.self))
            guard sample.isFinite else {
                throw .invalidValue(topic: topic, channel: channel, detail: "sample \(index) is \(sample), not a finite number")
            }
            samples[index] = sample
        }
        return WaveformBlock(asset: asset, channel: channel, time: time, sampleRate: rate, samples: samples)
    }

    /// Checks sample rate and count, shared by the JSON and binary forms.
    static func checkShape(sampleRate: Double, count: Int, topic: String, channel: String) throws(ReadingError) {
        guard sampleRateRange.contains(sampleRate) else {
            throw .invalidValue(topic: topic, channel: channel,
                                detail: "sample rate \(sampleRate) Hz is outside \(sampleRateRange.lowerBound)…\(sampleRateRange.upperBound) Hz")
        }
        guard count >= 2 else {
            throw .invalidValue(topic: topic, channel: channel, detail: "a waveform needs at least 2 samples, found \(count)")
        }
        guard count <= maximumSamples else {
            throw .invalidValue(topic: topic, channel: channel,
                                detail: "\(count) samples exceed the limit of \(maximumSamples) per block")
        }
    }
}
