/// Hides secrets in what pdm shows: logs, API answers, the database's error columns. A webhook
/// URL is often the only secret of a chat or incident receiver (the token is in its path or
/// query), so URLs are shown by scheme, host, port and first path segment only.
package enum Redaction {
    /// `url` without user information, query, fragment, or path beyond its first segment:
    /// `https://user:pw@hooks.example.com/services/T0/B0/XYZ?token=1` reads
    /// `https://***@hooks.example.com/services/…?…`.
    package static func url(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let scheme = url[..<schemeEnd.lowerBound]
        var rest = url[schemeEnd.upperBound...]
        var suffix = ""
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            rest = rest[..<cut]
            suffix = "?…"
        }
        var authority = rest
        var path = Substring("")
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[slash...]
        }
        var shown = String(scheme) + "://"
        if let at = authority.lastIndex(of: "@") {
            shown += "***@"
            authority = authority[authority.index(after: at)...]
        }
        shown += authority
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        if let first = segments.first {
            shown += "/" + first
            if segments.count > 1 || path.hasSuffix("/") && path.count > first.count + 1 { shown += "/…" }
        }
        return shown + suffix
    }

    /// `text` with every http(s), ws(s) and mqtt(s) URL in it redacted as ``url(_:)`` does.
    package static func text(_ text: String) -> String {
        guard text.contains("://") else { return text }
        var result = ""
        var index = text.startIndex
        while let found = text.range(of: "://", range: index..<text.endIndex) {
            // The scheme: letters, digits, + - . right before "://".
            var start = found.lowerBound
            while start > index, let character = text[text.index(before: start)].unicodeScalars.first,
                  character.properties.isAlphabetic || ("0"..."9").contains(character) || "+-.".unicodeScalars.contains(character) {
                start = text.index(before: start)
            }
            var end = found.upperBound
            while end < text.endIndex, !text[end].isWhitespace, !"\"'<>)]},".contains(text[end]) {
                end = text.index(after: end)
            }
            result += text[index..<start]
            result += start == found.lowerBound ? String(text[start..<end]) : url(String(text[start..<end]))
            index = end
        }
        return result + text[index...]
    }
}
