/// The recorded history of one asset: rows in time order, one optional value per channel.
/// In a run-to-failure history the last row is the failure.
package struct RunHistory: Sendable, Hashable {
    package var asset: String
    package var times: [Double]
    /// `rows[i][c]`: value of channel `c` at `times[i]`, nil where the cell was empty.
    package var rows: [[Double?]]

    package init(asset: String, times: [Double] = [], rows: [[Double?]] = []) {
        self.asset = asset
        self.times = times
        self.rows = rows
    }

    /// Time of the last row: the failure in a run-to-failure history.
    package var end: Double? { times.last }
}
