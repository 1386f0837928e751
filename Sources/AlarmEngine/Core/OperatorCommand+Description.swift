extension OperatorCommand: CustomStringConvertible {
    /// The command as a log line says it: `acknowledge pump-1/temp-high by ann: "bearing ordered"`.
    package var description: String {
        func quoted(_ text: String?) -> String { text.map { #": "\#($0)""# } ?? "" }
        switch self {
        case .acknowledge(let key, let user, let comment): return "acknowledge \(key) by \(user)" + quoted(comment)
        case .shelve(let key, let user, let until, let reason):
            let end = until.map { "until " + UTCTime.text($0) } ?? "until it clears"
            return "shelve \(key) by \(user) \(end)" + quoted(reason)
        case .unshelve(let key, let user, let comment): return "unshelve \(key) by \(user)" + quoted(comment)
        case .reset(let key, let user, let comment): return "reset \(key) by \(user)" + quoted(comment)
        case .comment(let key, let user, let text): return "comment \(key) by \(user)" + quoted(text)
        case .removeFromService(let key, let user, let reason): return "remove from service \(key) by \(user)" + quoted(reason)
        case .returnToService(let key, let user, let comment): return "return to service \(key) by \(user)" + quoted(comment)
        }
    }
}

/// Unix times as UTC text (`2027-01-15T08:00:00Z`), without Foundation.
enum UTCTime {
    static func text(_ seconds: Double) -> String {
        // Years 1970…9999; anything else as plain seconds.
        guard seconds.isFinite, seconds >= 0, seconds < 253_402_300_800 else { return "\(seconds) s" }
        let whole = Int(seconds.rounded(.down))
        let days = whole / 86_400, rest = whole % 86_400
        // Civil date from days since 1970-01-01 (proleptic Gregorian, eras of 400 years).
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }
}
