import Foundation

/// ISO 8601 times as pdm writes them: UTC, milliseconds (truncated), `Z`.
package enum Timestamp {
    /// `seconds` since 1970 as `2026-12-07T14:33:50.123Z`. Written directly: it is made several
    /// times for every published alarm event. Times outside the years 1600–9999 (and NaN) go to
    /// Foundation's formatter, whose calendar is Julian before 1582.
    package static func iso8601(_ seconds: Double) -> String {
        let milliseconds = (seconds * 1000).rounded(.down)
        guard milliseconds >= -11_676_096_000_000, milliseconds < 253_402_300_800_000 else { return general(seconds) }
        let total = Int64(milliseconds)
        let dayLength: Int64 = 86_400_000
        let days = total >= 0 ? total / dayLength : (total - dayLength + 1) / dayLength
        let ofDay = total - days * dayLength
        let (year, month, day) = civil(daysSince1970: days)
        let digits: [(Int64, Int)] = [
            (year, 4), (month, 2), (day, 2), (ofDay / 3_600_000, 2), (ofDay / 60_000 % 60, 2), (ofDay / 1000 % 60, 2), (ofDay % 1000, 3),
        ]
        let separators: [UInt8] = [0x2D, 0x2D, 0x54, 0x3A, 0x3A, 0x2E, 0x5A]  // - - T : : . Z
        return String(unsafeUninitializedCapacity: 24) { buffer in
            var index = 0
            for ((value, width), separator) in zip(digits, separators) {
                var rest = value
                for position in stride(from: width - 1, through: 0, by: -1) {
                    buffer[index + position] = UInt8(truncatingIfNeeded: 0x30 + rest % 10)
                    rest /= 10
                }
                index += width
                buffer[index] = separator
                index += 1
            }
            return index
        }
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (day 0).
    private static func civil(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        // Counted from 0000-03-01 in eras of 400 years, so that leap days end a year.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func general(_ seconds: Double) -> String {
        Date(timeIntervalSince1970: seconds).formatted(.iso8601.time(includingFractionalSeconds: true)
            .year().month().day().dateTimeSeparator(.standard).timeZone(separator: .omitted))
    }
}
