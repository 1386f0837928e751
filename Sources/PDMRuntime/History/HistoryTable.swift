import Foundation
import Prognostics

/// Recorded histories read from CSV: a header row `asset,time,<channel>,…`, then rows of one
/// asset in time order (assets may interleave). `time` is a number (seconds, cycles, …) or an
/// ISO 8601 date, which is read as Unix seconds. An empty cell is a missing value.
package struct HistoryTable: Sendable, Hashable {
    package var channels: [String]
    /// One history per asset, in order of first appearance.
    package var runs: [RunHistory]
    /// True when `time` was given as ISO 8601 dates (times are then Unix seconds).
    package var datedTime: Bool

    package init(channels: [String], runs: [RunHistory], datedTime: Bool) {
        self.channels = channels
        self.runs = runs
        self.datedTime = datedTime
    }

    /// Reads and parses the file at `path`.
    package static func read(path: String) throws(HistoryError) -> HistoryTable {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw HistoryError(file: path, .unreadable((error as NSError).localizedDescription))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw HistoryError(file: path, .unreadable("not UTF-8 text"))
        }
        return try parse(text, file: path)
    }

    /// Parses CSV text; `file` names it in errors.
    package static func parse(_ text: String, file: String) throws(HistoryError) -> HistoryTable {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated().makeIterator()
        var header: [String]?
        var headerLine = 0
        while header == nil, let (index, line) = lines.next() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            header = try fields(line, file: file, line: index + 1).map { $0.trimmingCharacters(in: .whitespaces) }
            headerLine = index + 1
        }
        guard let header else { throw HistoryError(file: file, .empty) }
        for (position, expected) in ["asset", "time"].enumerated() {
            let found = position < header.count ? header[position] : ""
            guard found.lowercased() == expected else {
                throw HistoryError(file: file, line: headerLine, column: position + 1,
                                   .missingColumn(expected: expected, found: found))
            }
        }
        let channels = Array(header.dropFirst(2))
        guard !channels.isEmpty else { throw HistoryError(file: file, line: headerLine, .noChannels) }
        var seen = Set<String>()
        for (position, name) in channels.enumerated() where !seen.insert(name).inserted {
            throw HistoryError(file: file, line: headerLine, column: position + 3, .duplicateColumn(name))
        }

        var runs: [RunHistory] = []
        var runIndex: [String: Int] = [:]
        var dated: Bool?
        var timeText: [String: String] = [:]
        while let (index, raw) = lines.next() {
            let lineNumber = index + 1
            let line = raw
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            let cells = try fields(line, file: file, line: lineNumber)
            guard cells.count == header.count else {
                throw HistoryError(file: file, line: lineNumber, .fieldCount(expected: header.count, found: cells.count))
            }
            let asset = cells[0].trimmingCharacters(in: .whitespaces)
            guard !asset.isEmpty else { throw HistoryError(file: file, line: lineNumber, column: 1, .emptyAsset) }
            let rawTime = cells[1].trimmingCharacters(in: .whitespaces)
            let time: Double
            if let number = Double(rawTime), number.isFinite {
                guard dated != true else { throw HistoryError(file: file, line: lineNumber, column: 2, .mixedTimeFormats) }
                dated = false
                time = number
            } else if let date = isoDate(rawTime) {
                guard dated != false else { throw HistoryError(file: file, line: lineNumber, column: 2, .mixedTimeFormats) }
                dated = true
                time = date
            } else {
                throw HistoryError(file: file, line: lineNumber, column: 2, .invalidTime(text: rawTime))
            }
            var row: [Double?] = []
            row.reserveCapacity(channels.count)
            for (position, cell) in cells.dropFirst(2).enumerated() {
                let text = cell.trimmingCharacters(in: .whitespaces)
                if text.isEmpty {
                    row.append(nil)
                } else if let value = Double(text), value.isFinite {
                    row.append(value)
                } else {
                    throw HistoryError(file: file, line: lineNumber, column: position + 3,
                                       .notNumeric(column: channels[position], text: text))
                }
            }
            let slot: Int
            if let existing = runIndex[asset] {
                slot = existing
                if let previous = runs[slot].times.last, time <= previous {
                    throw HistoryError(file: file, line: lineNumber, column: 2,
                                       .timeNotIncreasing(asset: asset, time: rawTime, previous: timeText[asset] ?? "\(previous)"))
                }
            } else {
                slot = runs.count
                runIndex[asset] = slot
                runs.append(RunHistory(asset: asset))
            }
            runs[slot].times.append(time)
            runs[slot].rows.append(row)
            timeText[asset] = rawTime
        }
        guard !runs.isEmpty else { throw HistoryError(file: file, line: headerLine, .noRows) }
        return HistoryTable(channels: channels, runs: runs, datedTime: dated ?? false)
    }

    /// Adds the histories of `other` (another file with the same channels). Each asset's history
    /// in a file is taken as a whole: an asset in both files is an error, since one failure per
    /// run-to-failure history is what the models learn from.
    package mutating func append(_ other: HistoryTable, file: String) throws(HistoryError) {
        guard other.channels == channels else {
            throw HistoryError(file: file, line: 1, .channelsDiffer(expected: channels, found: other.channels))
        }
        guard other.datedTime == datedTime else { throw HistoryError(file: file, .mixedTimeFormats) }
        let known = Set(runs.map(\.asset))
        for run in other.runs {
            var run = run
            if known.contains(run.asset) { run.asset = "\(run.asset)@\(file)" }
            runs.append(run)
        }
    }

    /// The fields of one CSV line (RFC 4180 quoting within the line).
    static func fields(_ line: Substring, file: String, line number: Int) throws(HistoryError) -> [String] {
        if !line.contains("\"") { return line.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        var result: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                result.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        guard !quoted else { throw HistoryError(file: file, line: number, .unterminatedQuote) }
        result.append(current)
        return result
    }

    private static func isoDate(_ text: String) -> Double? {
        guard text.count >= 10, text.first?.isNumber == true else { return nil }
        for style in [Date.ISO8601FormatStyle(includingFractionalSeconds: true), Date.ISO8601FormatStyle()] {
            if let date = try? style.parse(text) { return date.timeIntervalSince1970 }
        }
        return nil
    }
}
