/// Calendar dates without Foundation: the proleptic Gregorian date of a day counted from
/// 1970-01-01, for times written as text on hot paths (payloads, log lines).
package enum CivilDate {
    /// The date of day `days` (0 is 1970-01-01; negative days are before it).
    package static func of(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
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
}
