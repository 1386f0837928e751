import Foundation

/// ISO 8601 times as pdm writes them: UTC, milliseconds, `Z`.
package enum Timestamp {
    package static func iso8601(_ seconds: Double) -> String {
        Date(timeIntervalSince1970: seconds).formatted(.iso8601.time(includingFractionalSeconds: true)
            .year().month().day().dateTimeSeparator(.standard).timeZone(separator: .omitted))
    }
}
