import Foundation

/// A recorded vibration signal on disk: one sample per line (CSV, an optional header line) or raw
/// 32-bit little-endian floats (`.f32`).
package struct WaveformFile: Sendable {
    package var path: String
    package var samples: [Float]

    /// Why a waveform file cannot be read, with the place in it.
    package struct ReadError: Error, Sendable, Hashable, CustomStringConvertible {
        package var path: String
        /// 1-based line of a CSV file, or nil for the whole file.
        package var line: Int?
        package var message: String

        package var description: String {
            line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)"
        }
    }

    /// Reads `path`; the format follows its extension (`.f32` raw floats, anything else text).
    package static func read(path: String) throws(ReadError) -> WaveformFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ReadError(path: path, line: nil, message: "cannot read: \(error.localizedDescription)")
        }
        let samples = path.lowercased().hasSuffix(".f32") ? try raw(data, path: path) : try text(data, path: path)
        guard !samples.isEmpty else { throw ReadError(path: path, line: nil, message: "holds no samples") }
        return WaveformFile(path: path, samples: samples)
    }

    static func raw(_ data: Data, path: String) throws(ReadError) -> [Float] {
        guard data.count % 4 == 0 else {
            throw ReadError(path: path, line: nil,
                            message: "\(data.count) bytes is not a whole number of 32-bit samples (a truncated file?)")
        }
        var samples = [Float](repeating: 0, count: data.count / 4)
        data.withUnsafeBytes { bytes in
            for index in samples.indices {
                samples[index] = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)))
            }
        }
        if let bad = samples.firstIndex(where: { !$0.isFinite }) {
            throw ReadError(path: path, line: nil, message: "sample \(bad) (byte \(4 * bad)) is not a finite number")
        }
        return samples
    }

    static func text(_ data: Data, path: String) throws(ReadError) -> [Float] {
        var samples: [Float] = []
        samples.reserveCapacity(data.count / 8)
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            // The first field of the line; a trailing carriage return or spaces are not part of it.
            let field = line.prefix { $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: ";") }
            let text = String(decoding: field, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            guard let value = Float(text) else {
                // A header line names the column.
                if samples.isEmpty && lineNumber == 1 && text.first.map({ $0.isLetter }) == true { continue }
                throw ReadError(path: path, line: lineNumber, message: "not a number: \"\(text.prefix(40))\"")
            }
            guard value.isFinite else { throw ReadError(path: path, line: lineNumber, message: "not a finite number: \(text)") }
            samples.append(value)
        }
        return samples
    }
}
