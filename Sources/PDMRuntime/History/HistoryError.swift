/// A problem in a history CSV file, with where it is.
package struct HistoryError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Reason: Sendable, Hashable {
        case unreadable(String)
        case empty
        case missingColumn(expected: String, found: String)
        case noChannels
        case duplicateColumn(String)
        case fieldCount(expected: Int, found: Int)
        case unterminatedQuote
        case emptyAsset
        case notNumeric(column: String, text: String)
        case invalidTime(text: String)
        case mixedTimeFormats
        case timeNotIncreasing(asset: String, time: String, previous: String)
        case channelsDiffer(expected: [String], found: [String])
        case noRows
    }

    package var file: String
    /// 1-based line, 0 for the file as a whole.
    package var line: Int
    /// 1-based column (field number), 0 when the whole line is meant.
    package var column: Int
    package var reason: Reason

    package init(file: String, line: Int = 0, column: Int = 0, _ reason: Reason) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    package var description: String {
        var place = file
        if line > 0 { place += ":\(line)" }
        if column > 0 { place += ":\(column)" }
        return "\(place): \(message)"
    }

    private var message: String {
        switch reason {
        case .unreadable(let detail): "cannot read the file: \(detail)"
        case .empty: "the file is empty; a header row `asset,time,<channel>,…` is expected"
        case .missingColumn(let expected, let found): "column \(column) must be `\(expected)`, found `\(found)`"
        case .noChannels: "the header names no channel after `asset,time`"
        case .duplicateColumn(let name): "column `\(name)` appears twice"
        case .fieldCount(let expected, let found): "expected \(expected) fields as in the header, found \(found)"
        case .unterminatedQuote: "a quoted field is not closed"
        case .emptyAsset: "the asset is empty"
        case .notNumeric(let column, let text): "`\(column)` is not a number: \"\(text)\""
        case .invalidTime(let text): "time is neither a number nor an ISO 8601 date: \"\(text)\""
        case .mixedTimeFormats: "time mixes numbers and ISO 8601 dates; use one form throughout"
        case .timeNotIncreasing(let asset, let time, let previous):
            "time \(time) of asset \(asset) is not after its previous row (\(previous)); rows of one asset must be in time order"
        case .channelsDiffer(let expected, let found):
            "the channels (\(found.joined(separator: ","))) differ from the first history's (\(expected.joined(separator: ",")))"
        case .noRows: "the file has a header but no rows"
        }
    }
}
