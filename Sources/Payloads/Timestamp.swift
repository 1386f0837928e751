import AlarmEngine
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
        let (year, month, day) = CivilDate.of(daysSince1970: days)
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

    private static func general(_ seconds: Double) -> String {
        Date(timeIntervalSince1970: seconds).formatted(.iso8601.time(includingFractionalSeconds: true)
            .year().month().day().dateTimeSeparator(.standard).timeZone(separator: .omitted))
    }
}
