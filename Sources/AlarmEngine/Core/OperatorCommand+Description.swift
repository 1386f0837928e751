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
        let rest = whole % 86_400
        let (year, month, day) = CivilDate.of(daysSince1970: Int64(whole / 86_400))
        func two<Value: BinaryInteger>(_ value: Value) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }
}
